// The gallery-visitor strategy: POST /galleries/login (email, collection, its password), the visitor cookie in a
// private jar, the CSRF token from the login answer on unsafe requests, and one new login after a 401.
import { CookieCredential } from './cookie-csrf.ts';
import { singleFlight } from './auth-session.ts';
import type { AuthStrategy, HttpMethod, Sender } from './transport.ts';
import type { VisitorLogin } from './types.ts';

export interface VisitorCredentials {
  /** The collection's id (co_…) or slug, as in its share link /galleries/<slug>. */
  collection: string;
  email: string;
  /** The collection's password, when it has one. */
  password?: string;
}

export interface VisitorAuth extends AuthStrategy {
  readonly scheme: 'visitor';
  /** Logs in now (a new visitor session, any previous one forgotten) and answers with the collection. */
  login(signal: AbortSignal | undefined): Promise<VisitorLogin>;
}

export function createVisitorAuth(initial: VisitorCredentials, send: Sender): VisitorAuth {
  const credentials = { ...initial };
  const held = new CookieCredential();
  const login = singleFlight(async (signal): Promise<VisitorLogin> => {
    held.clear();
    const json = { email: credentials.email, collection: credentials.collection, ...(credentials.password !== undefined ? { password: credentials.password } : {}) };
    const res = await send({ method: 'POST', path: '/galleries/login', json, ...(signal ? { signal } : {}) });
    const body = (await res.json()) as { data: VisitorLogin };
    held.useToken(body.data.csrf_token);
    return body.data;
  });
  return {
    scheme: 'visitor',
    login,
    async apply(headers: Headers, method: HttpMethod, signal: AbortSignal | undefined): Promise<void> {
      if (!held.held()) await login(signal);
      held.sign(headers, method);
    },
    observe: (res) => held.observe(res),
    // The session ended on the server (logout elsewhere, the collection's password or access list changed, expiry).
    async recover(signal: AbortSignal | undefined): Promise<boolean> {
      await login(signal);
      return true;
    },
    adopt: () => undefined,
    active: () => held.held(),
    forget: () => held.clear(),
    passwordChanged(password: string): void {
      credentials.password = password;
    },
  };
}

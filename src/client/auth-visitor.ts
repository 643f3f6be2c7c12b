// The gallery-visitor strategy: POST /galleries/login (email, collection, its password), the visitor cookie in a
// private jar, the CSRF token from the login answer on unsafe requests, and one new login after a 401.
import { CookieJar } from './cookie-jar.ts';
import { singleFlight } from './auth-session.ts';
import type { AuthStrategy, HttpMethod, Sender } from './transport.ts';
import { isUnsafe } from './transport.ts';
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
  // In Node the jar holds the visitor cookie; in a browser the browser does (Set-Cookie is not readable there).
  const jar = new CookieJar();
  let csrf: string | null = null;
  const login = singleFlight(async (signal): Promise<VisitorLogin> => {
    jar.clear();
    csrf = null;
    const json = { email: credentials.email, collection: credentials.collection, ...(credentials.password !== undefined ? { password: credentials.password } : {}) };
    const res = await send({ method: 'POST', path: '/galleries/login', json, ...(signal ? { signal } : {}) });
    const body = (await res.json()) as { data: VisitorLogin };
    csrf = body.data.csrf_token;
    return body.data;
  });
  return {
    scheme: 'visitor',
    login,
    async apply(headers: Headers, method: HttpMethod, signal: AbortSignal | undefined): Promise<void> {
      if (csrf === null) await login(signal);
      const cookie = jar.header();
      if (cookie !== null) headers.set('cookie', cookie);
      if (isUnsafe(method) && csrf !== null) headers.set('x-csrf-token', csrf);
    },
    observe(res: Response): void {
      jar.store(res.headers);
    },
    // The session ended on the server (logout elsewhere, the collection's password or access list changed, expiry).
    async recover(signal: AbortSignal | undefined): Promise<boolean> {
      await login(signal);
      return true;
    },
    adopt: () => undefined,
    active: () => csrf !== null,
    forget(): void {
      jar.clear();
      csrf = null;
    },
    passwordChanged(password: string): void {
      credentials.password = password;
    },
  };
}

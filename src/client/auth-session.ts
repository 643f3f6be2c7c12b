// Cookie-session and token-mode strategies: log in lazily, log in again once after a 401, forget on logout.
import { CookieCredential } from './cookie-csrf.ts';
import type { HttpMethod, Sender, StudioAuthStrategy } from './transport.ts';
import { loginBody, type PasswordCredentials } from './credentials.ts';

/** Several concurrent calls that all need a login share one. */
export function singleFlight<T>(run: (signal: AbortSignal | undefined) => Promise<T>): (signal: AbortSignal | undefined) => Promise<T> {
  let pending: Promise<T> | null = null;
  return (signal) => {
    pending ??= run(signal).finally(() => {
      pending = null;
    });
    return pending;
  };
}

export function createSessionAuth(initial: PasswordCredentials, send: Sender): StudioAuthStrategy {
  const credentials = { ...initial };
  const held = new CookieCredential();
  const login = singleFlight(async (signal) => {
    held.clear();
    const res = await send({ method: 'POST', path: '/api/auth/login', json: loginBody(credentials), ...(signal ? { signal } : {}) });
    const body = (await res.json()) as { csrf_token?: string };
    held.useToken(body.csrf_token ?? null);
  });
  return {
    scheme: 'session',
    async apply(headers: Headers, method: HttpMethod, signal: AbortSignal | undefined): Promise<void> {
      if (!held.held()) await login(signal);
      held.sign(headers, method);
    },
    observe: (res) => held.observe(res),
    async recover(signal: AbortSignal | undefined): Promise<boolean> {
      await login(signal);
      return true;
    },
    adopt(body: Record<string, unknown>): void {
      if (typeof body.csrf_token === 'string') held.useToken(body.csrf_token);
    },
    active: () => held.held(),
    forget: () => held.clear(),
    // The server answered the change with a new session (its cookie is in the jar, its CSRF token adopted).
    passwordChanged(password: string): void {
      credentials.password = password;
    },
  };
}

export function createTokenAuth(initial: { token?: string } & Partial<PasswordCredentials>, send: Sender): StudioAuthStrategy {
  const options = { ...initial };
  let token: string | null = options.token ?? null;
  const canLogin = (): boolean => options.password !== undefined && (options.email !== undefined || options.username !== undefined);
  const login = singleFlight(async (signal) => {
    token = null;
    const res = await send({ method: 'POST', path: '/api/auth/login', json: { ...loginBody(options), mode: 'token' }, ...(signal ? { signal } : {}) });
    token = ((await res.json()) as { token: string }).token;
  });
  return {
    scheme: 'token',
    async apply(headers: Headers, _method: HttpMethod, signal: AbortSignal | undefined): Promise<void> {
      if (token === null) await login(signal);
      if (token !== null) headers.set('x-auth-token', token);
    },
    observe: () => undefined,
    async recover(signal: AbortSignal | undefined): Promise<boolean> {
      if (!canLogin()) return false;
      await login(signal);
      return true;
    },
    adopt: () => undefined, // a token keeps its value across a studio switch
    active: () => token !== null,
    forget(): void {
      token = null;
    },
    passwordChanged(password: string): void {
      options.password = password;
      token = null; // every token-mode token of the account ended with the change
    },
  };
}

// Cookie-session and token-mode strategies: log in lazily, log in again once after a 401, forget on logout.
import { CookieJar } from './cookie-jar.ts';
import type { HttpMethod, Sender, StudioAuthStrategy } from './transport.ts';
import { isUnsafe } from './transport.ts';
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
  const jar = new CookieJar();
  let csrf: string | null = null;
  const login = singleFlight(async (signal) => {
    jar.clear();
    csrf = null;
    const res = await send({ method: 'POST', path: '/api/auth/login', json: loginBody(credentials), ...(signal ? { signal } : {}) });
    const body = (await res.json()) as { csrf_token?: string };
    csrf = body.csrf_token ?? null;
  });
  return {
    scheme: 'session',
    async apply(headers: Headers, method: HttpMethod, signal: AbortSignal | undefined): Promise<void> {
      if (csrf === null) await login(signal);
      const cookie = jar.header();
      if (cookie !== null) headers.set('cookie', cookie);
      if (isUnsafe(method) && csrf !== null) headers.set('x-csrf-token', csrf);
    },
    observe(res: Response): void {
      jar.store(res.headers);
    },
    async recover(signal: AbortSignal | undefined): Promise<boolean> {
      await login(signal);
      return true;
    },
    adopt(body: Record<string, unknown>): void {
      if (typeof body.csrf_token === 'string') csrf = body.csrf_token;
    },
    active: () => csrf !== null,
    forget(): void {
      jar.clear();
      csrf = null;
    },
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

// JWT strategy: obtain a pair, refresh shortly before the access token expires and after a 401, keep the rotated refresh token.
import { base64UrlToUtf8 } from './base64.ts';
import { LightboxError } from './errors.ts';
import type { HttpMethod, Sender, StudioAuthStrategy } from './transport.ts';
import { loginBody, type PasswordCredentials } from './credentials.ts';

/** Refresh this long before `exp`, so a request never leaves with a token about to lapse in flight. */
export const JWT_REFRESH_MARGIN_MS = 30_000;

interface Pair {
  access: string;
  refresh: string;
}

/** The `exp` claim in milliseconds, read without verifying (the server verifies; the client only schedules). */
export function accessExpiry(access: string): number | null {
  const payload = access.split('.')[1];
  if (payload === undefined) return null;
  try {
    const claims = JSON.parse(base64UrlToUtf8(payload)) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

export function createJWTAuth(initial: { access?: string; refresh?: string } & Partial<PasswordCredentials>, send: Sender, now: () => number): StudioAuthStrategy {
  const options = { ...initial };
  let pair: Pair | null = options.access !== undefined && options.refresh !== undefined ? { access: options.access, refresh: options.refresh } : null;
  const canLogin = (): boolean => options.password !== undefined && (options.email !== undefined || options.username !== undefined);
  let pending: Promise<void> | null = null;

  const post = async (path: string, json: unknown, signal: AbortSignal | undefined): Promise<Pair> => {
    const res = await send({ method: 'POST', path, json, reauthenticate: false, ...(signal ? { signal } : {}) });
    const body = (await res.json()) as Pair;
    return { access: body.access, refresh: body.refresh };
  };
  const obtain = async (signal: AbortSignal | undefined): Promise<void> => {
    pair = await post('/api/auth/token/obtain/', loginBody(options), signal);
  };
  /** Rotation: the server answers every refresh with a new refresh token and burns the old one, so always keep the new one. */
  const refresh = async (signal: AbortSignal | undefined): Promise<void> => {
    const current = pair;
    if (current === null) return obtain(signal);
    try {
      pair = await post('/api/auth/token/refresh/', { refresh: current.refresh }, signal);
    } catch (err) {
      if (!(err instanceof LightboxError) || err.status !== 401 || !canLogin()) throw err;
      pair = null; // the family is gone (logout, reuse detection, expiry): start a new one
      await obtain(signal);
    }
  };
  const once = (run: (signal: AbortSignal | undefined) => Promise<void>, signal: AbortSignal | undefined): Promise<void> => {
    pending ??= run(signal).finally(() => {
      pending = null;
    });
    return pending;
  };

  return {
    scheme: 'jwt',
    async apply(headers: Headers, _method: HttpMethod, signal: AbortSignal | undefined): Promise<void> {
      if (pending) await pending;
      if (pair === null) await once(obtain, signal);
      else {
        const exp = accessExpiry(pair.access);
        if (exp !== null && exp - now() <= JWT_REFRESH_MARGIN_MS) await once(refresh, signal);
      }
      if (pair !== null) headers.set('authorization', `Bearer ${pair.access}`);
    },
    observe: () => undefined,
    async recover(signal: AbortSignal | undefined): Promise<boolean> {
      if (pair === null && !canLogin()) return false;
      await once(refresh, signal);
      return true;
    },
    adopt(body: Record<string, unknown>): void {
      if (typeof body.access === 'string' && typeof body.refresh === 'string') pair = { access: body.access, refresh: body.refresh };
    },
    active: () => pair !== null,
    forget(): void {
      pair = null;
    },
    passwordChanged(password: string): void {
      options.password = password;
      pair = null; // every JWT family of the account ended with the change
    },
  };
}

/** The current pair, for callers that persist it between runs. */
export type JWTPair = Pair;

// The auth option of createClient and the strategy for each scheme; PAT and Basic are static, the rest log in.
import type { PasswordCredentials } from './credentials.ts';
import type { HttpMethod, Sender, StudioAuthStrategy } from './transport.ts';
import { createSessionAuth, createTokenAuth } from './auth-session.ts';
import { createJWTAuth } from './auth-jwt.ts';
import { utf8ToBase64 } from './base64.ts';

export type AuthOptions =
  /** Cookie session: a private cookie jar, the CSRF header on unsafe requests, one automatic re-login on 401. */
  | ({ type: 'session' } & PasswordCredentials)
  /** Token mode (X-Auth-Token): from credentials (re-login once on 401), or a saved token (401 is reported). */
  | ({ type: 'token'; token?: string } & Partial<PasswordCredentials>)
  /** JWT access + refresh: refreshed before expiry and on 401; every refresh stores the rotated refresh token. */
  | ({ type: 'jwt'; access?: string; refresh?: string } & Partial<PasswordCredentials>)
  /** Personal access token (lbx_pat_…) as a Bearer token. */
  | { type: 'pat'; token: string }
  /** HTTP Basic (must be enabled on the server, and HTTPS unless allowInsecure). */
  | { type: 'basic'; username: string; password: string };

/** A credential sent as it is; Basic rebuilds its header after a password change, a PAT cannot change one. */
function staticAuth(scheme: 'pat' | 'basic', header: (password: string) => string, password = ''): StudioAuthStrategy {
  let value = header(password);
  return {
    scheme,
    async apply(headers: Headers, _method: HttpMethod): Promise<void> {
      headers.set('authorization', value);
    },
    observe: () => undefined,
    recover: async () => false,
    adopt: () => undefined,
    active: () => false,
    forget: () => undefined,
    passwordChanged(next: string): void {
      value = header(next);
    },
  };
}

export function createAuthStrategy(auth: AuthOptions, send: Sender, now: () => number): StudioAuthStrategy {
  switch (auth.type) {
    case 'session':
      return createSessionAuth(auth, send);
    case 'token':
      return createTokenAuth(auth, send);
    case 'jwt':
      return createJWTAuth(auth, send, now);
    case 'pat':
      return staticAuth('pat', () => `Bearer ${auth.token}`);
    case 'basic':
      return staticAuth('basic', (password) => `Basic ${utf8ToBase64(`${auth.username}:${password}`)}`, auth.password);
  }
}

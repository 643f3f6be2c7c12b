// resolvePrincipal: the one pipeline that turns a request's credentials into a Principal, with fixed precedence.
import type { Role, Store, UserRecord } from '../store/types.ts';
import { AMBIGUOUS } from './cookies.ts';
import { validateSessionToken, type SessionDeps } from './sessions.ts';

export type AuthScheme = 'session' | 'token' | 'jwt' | 'basic' | 'pat';

export interface Principal {
  user: UserRecord;
  studioId: string | null;
  role: Role | null;
  scheme: AuthScheme;
  /** True when a browser attaches the credential by itself (cookies): unsafe requests then need CSRF proof. */
  ambient: boolean;
  /** Id (token hash) of the server-side session behind the credential, when there is one. */
  sessionId: string | null;
  /** Scopes that bound the credential below the user's role; null means the role alone decides. */
  scopes: readonly string[] | null;
  /** Seconds the credential may still live, for the refreshed cookie on the response. */
  maxAgeSeconds: number | null;
}

/** What the HTTP layer extracted from the request; pure data, no request object. */
export interface CredentialInput {
  sessionCookie: string | undefined | typeof AMBIGUOUS;
}

export type PrincipalResult =
  | { kind: 'anonymous' }
  | { kind: 'principal'; principal: Principal }
  | { kind: 'failure'; code: 'session_invalid' | 'ambiguous_credentials' };

export interface PrincipalDeps extends SessionDeps {
  store: Pick<Store, 'users' | 'studios'>;
}

async function principalFor(deps: PrincipalDeps, userId: string, studioId: string | null): Promise<{ user: UserRecord; studioId: string | null; role: Role | null } | null> {
  const user = await deps.store.users.findUserById(userId);
  if (!user || user.disabledAt !== null) return null;
  if (studioId === null) return { user, studioId: null, role: null };
  const role = await deps.store.studios.findRole(userId, studioId);
  // Removed from the studio since login: the credential still names the user, but no studio any more.
  return role === null ? { user, studioId: null, role: null } : { user, studioId, role };
}

/**
 * Precedence: a request may carry exactly one user credential. Today that is the session cookie; the
 * credentials issue adds header tokens, JWTs, Basic and personal access tokens to this one function.
 * Returns a failure (never throws) for bad credentials, so callers decide between 401 and anonymous.
 */
export async function resolvePrincipal(input: CredentialInput, deps: PrincipalDeps): Promise<PrincipalResult> {
  if (input.sessionCookie === AMBIGUOUS) return { kind: 'failure', code: 'ambiguous_credentials' };
  if (input.sessionCookie !== undefined) {
    const valid = await validateSessionToken(deps, input.sessionCookie, 'cookie');
    if (!valid) return { kind: 'failure', code: 'session_invalid' };
    const who = await principalFor(deps, valid.session.userId, valid.session.studioId);
    if (!who) {
      await deps.sessions.deleteSession(valid.session.id);
      return { kind: 'failure', code: 'session_invalid' };
    }
    return {
      kind: 'principal',
      principal: { ...who, scheme: 'session', ambient: true, sessionId: valid.session.id, scopes: null, maxAgeSeconds: valid.maxAgeSeconds },
    };
  }
  return { kind: 'anonymous' };
}

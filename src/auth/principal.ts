// resolvePrincipal: the one pipeline that turns a request's credentials into a Principal, with fixed precedence.
import type { Role, Store, UserRecord } from '../store/types.ts';
import type { Clock } from './clock.ts';
import { AMBIGUOUS } from './cookies.ts';
import { validateSession, validateSessionToken, type SessionDeps } from './sessions.ts';
import { looksLikeJWT, type JWTKeyring } from './jwt.ts';
import { parseBasicAuthorization, type BasicCredentialCache } from './basic.ts';
import { PAT_PREFIX, verifyAccessToken } from './access-tokens.ts';

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
  /** Sessions a CSRF token may be bound to: every ambient credential of this user the request carried. */
  csrfBindings: readonly string[];
  /** Scopes that bound the credential below the user's role; null means the role alone decides. */
  scopes: readonly string[] | null;
  /** Seconds the credential may still live, for the refreshed cookie on the response. */
  maxAgeSeconds: number | null;
  /** When the user last proved their password for this credential (ms). */
  authenticatedAt: number;
}

/** What the HTTP layer extracted from the request; pure data, no request object. */
export interface CredentialInput {
  sessionCookie: string | undefined | typeof AMBIGUOUS;
  jwtCookie: string | undefined | typeof AMBIGUOUS;
  authorization: string | undefined;
  /** X-Auth-Token header. */
  authToken: string | undefined;
  /** auth_token query parameter (undefined when the option is off). */
  authTokenQuery: string | undefined | typeof AMBIGUOUS;
  /** The request arrived over HTTPS (directly or through a trusted proxy). */
  secure: boolean;
}

export type FailureCode = 'session_invalid' | 'ambiguous_credentials' | 'invalid_token' | 'basic_auth_disabled' | 'https_required';

export type PrincipalResult =
  | { kind: 'anonymous' }
  | { kind: 'principal'; principal: Principal }
  | { kind: 'failure'; code: FailureCode };

export interface BasicOptions {
  enabled: boolean;
  allowInsecure: boolean;
  cache: BasicCredentialCache;
  /** Verifies a password login (throttled, enumeration-safe); throws AppError on failure. */
  verify: (identifier: string, password: string) => Promise<UserRecord>;
}

export interface PrincipalDeps extends SessionDeps {
  store: Pick<Store, 'users' | 'studios' | 'accessTokens'>;
  clock: Clock;
  keyring: JWTKeyring;
  basic: BasicOptions;
}

type Resolved = { kind: 'principal'; principal: Principal } | { kind: 'failure'; code: FailureCode };

async function withUser(deps: PrincipalDeps, userId: string, studioId: string | null): Promise<{ user: UserRecord; studioId: string | null; role: Role | null } | null> {
  const user = await deps.store.users.findUserById(userId);
  if (!user || user.disabledAt !== null) return null;
  if (studioId === null) return { user, studioId: null, role: null };
  const role = await deps.store.studios.findRole(userId, studioId);
  // Removed from the studio since login: the credential still names the user, but no studio any more.
  return role === null ? { user, studioId: null, role: null } : { user, studioId, role };
}

async function fromSession(deps: PrincipalDeps, token: string, kind: 'cookie' | 'token'): Promise<Resolved> {
  const code = kind === 'cookie' ? 'session_invalid' : 'invalid_token';
  const valid = await validateSessionToken(deps, token, kind);
  if (!valid) return { kind: 'failure', code };
  const who = await withUser(deps, valid.session.userId, valid.session.studioId);
  if (!who) {
    await deps.sessions.deleteSession(valid.session.id);
    return { kind: 'failure', code };
  }
  const ambient = kind === 'cookie';
  return {
    kind: 'principal',
    principal: {
      ...who, scheme: ambient ? 'session' : 'token', ambient, sessionId: valid.session.id, csrfBindings: ambient ? [valid.session.id] : [],
      scopes: null, maxAgeSeconds: valid.maxAgeSeconds, authenticatedAt: valid.session.createdAt,
    },
  };
}

async function fromJWT(deps: PrincipalDeps, token: string, ambient: boolean): Promise<Resolved> {
  const failure: Resolved = { kind: 'failure', code: ambient ? 'session_invalid' : 'invalid_token' };
  const claims = await deps.keyring.verify(token);
  if (!claims) return failure;
  // The family's session is checked on every request, so logout and revocation take effect at once.
  const valid = await validateSession(deps, claims.sid, 'jwt');
  if (!valid || valid.session.userId !== claims.sub || valid.session.studioId !== claims.studio) return failure;
  const who = await withUser(deps, claims.sub, claims.studio);
  if (!who) return failure;
  return {
    kind: 'principal',
    principal: {
      ...who, scheme: 'jwt', ambient, sessionId: valid.session.id, csrfBindings: ambient ? [valid.session.id] : [],
      scopes: null, maxAgeSeconds: null, authenticatedAt: valid.session.createdAt,
    },
  };
}

async function fromPAT(deps: PrincipalDeps, token: string): Promise<Resolved> {
  const record = await verifyAccessToken(deps.store, deps.clock, token);
  if (!record) return { kind: 'failure', code: 'invalid_token' };
  const who = await withUser(deps, record.userId, record.studioId);
  if (!who) return { kind: 'failure', code: 'invalid_token' };
  return {
    kind: 'principal',
    principal: { ...who, scheme: 'pat', ambient: false, sessionId: null, csrfBindings: [], scopes: record.scopes, maxAgeSeconds: null, authenticatedAt: record.createdAt },
  };
}

async function fromBasic(deps: PrincipalDeps, header: string, secure: boolean): Promise<Resolved> {
  const { basic } = deps;
  if (!basic.enabled) return { kind: 'failure', code: 'basic_auth_disabled' };
  // Checked before the password is looked at: cleartext credentials are refused, not evaluated (no counter either).
  if (!secure && !basic.allowInsecure) return { kind: 'failure', code: 'https_required' };
  const creds = parseBasicAuthorization(header);
  if (!creds) return { kind: 'failure', code: 'invalid_token' };
  const now = deps.clock.now();
  const cached = basic.cache.get(creds, now);
  let userId: string;
  if (cached) {
    userId = cached.userId;
  } else {
    const user = await basic.verify(creds.userId, creds.password);
    basic.cache.set(creds, user.id, user.passwordHash, now);
    userId = user.id;
  }
  const user = await deps.store.users.findUserById(userId);
  // A changed password, a disabled or locked account makes the cached verification stale.
  if (!user || user.disabledAt !== null || user.lockedAt !== null || (cached && cached.passwordHash !== user.passwordHash)) {
    basic.cache.delete(creds);
    return cached ? fromBasic(deps, header, secure) : { kind: 'failure', code: 'invalid_token' };
  }
  const first = (await deps.store.studios.listUserStudios(user.id))[0];
  return {
    kind: 'principal',
    principal: {
      user, studioId: first?.studio.id ?? null, role: first?.role ?? null, scheme: 'basic', ambient: false, sessionId: null, csrfBindings: [],
      scopes: null, maxAgeSeconds: null, authenticatedAt: now,
    },
  };
}

/** The header credential a request carries (Authorization, X-Auth-Token, ?auth_token), or ambiguous when they differ. */
function headerCredential(input: CredentialInput): { scheme: 'basic' | 'bearer'; value: string } | typeof AMBIGUOUS | undefined {
  const found: Array<{ scheme: 'basic' | 'bearer'; value: string }> = [];
  if (input.authorization !== undefined) {
    const m = /^(\S+)(?: +(.*))?$/.exec(input.authorization.trim());
    const scheme = m?.[1]?.toLowerCase();
    if (scheme === 'basic') found.push({ scheme: 'basic', value: input.authorization });
    else found.push({ scheme: 'bearer', value: scheme === 'bearer' ? (m?.[2] ?? '').trim() : '' });
  }
  if (input.authTokenQuery === AMBIGUOUS) return AMBIGUOUS;
  for (const v of [input.authToken, input.authTokenQuery]) if (v !== undefined) found.push({ scheme: 'bearer', value: v });
  const first = found[0];
  if (!first) return undefined;
  return found.every((c) => c.scheme === first.scheme && c.value === first.value) ? first : AMBIGUOUS;
}

function resolveBearer(deps: PrincipalDeps, value: string): Promise<Resolved> {
  if (value.startsWith(PAT_PREFIX)) return fromPAT(deps, value);
  if (looksLikeJWT(value)) return fromJWT(deps, value, false);
  return fromSession(deps, value, 'token');
}

/**
 * Precedence: a header credential (Authorization: Bearer/Basic, X-Auth-Token, ?auth_token) wins over cookies and is
 * never replaced by them: if it fails, the request fails. Cookies (session, then JWT) count only without one.
 * Two credentials that name different users are refused as ambiguous rather than guessed between.
 * Returns failures as values; throws AppError only for login throttling of Basic credentials.
 */
export async function resolvePrincipal(input: CredentialInput, deps: PrincipalDeps): Promise<PrincipalResult> {
  if (input.sessionCookie === AMBIGUOUS || input.jwtCookie === AMBIGUOUS) return { kind: 'failure', code: 'ambiguous_credentials' };
  const header = headerCredential(input);
  if (header === AMBIGUOUS) return { kind: 'failure', code: 'ambiguous_credentials' };

  const cookieResults: Resolved[] = [];
  if (input.sessionCookie !== undefined) cookieResults.push(await fromSession(deps, input.sessionCookie, 'cookie'));
  if (input.jwtCookie !== undefined) cookieResults.push(await fromJWT(deps, input.jwtCookie, true));
  const cookiePrincipals = cookieResults.flatMap((r) => (r.kind === 'principal' ? [r.principal] : []));
  const cookieUsers = new Set(cookiePrincipals.map((p) => p.user.id));
  if (cookieUsers.size > 1) return { kind: 'failure', code: 'ambiguous_credentials' };

  if (header !== undefined) {
    const result = header.scheme === 'basic' ? await fromBasic(deps, header.value, input.secure) : await resolveBearer(deps, header.value);
    if (result.kind === 'principal' && cookiePrincipals.length > 0 && !cookieUsers.has(result.principal.user.id)) {
      return { kind: 'failure', code: 'ambiguous_credentials' };
    }
    return result;
  }

  const chosen = cookiePrincipals[0];
  if (chosen) {
    const bindings = cookiePrincipals.flatMap((p) => p.csrfBindings);
    return { kind: 'principal', principal: { ...chosen, csrfBindings: bindings } };
  }
  const failed = cookieResults[0];
  if (failed && failed.kind === 'failure') return { kind: 'failure', code: 'session_invalid' };
  return { kind: 'anonymous' };
}

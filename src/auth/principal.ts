// resolvePrincipal: the one pipeline that turns a request's credentials into a Principal, with fixed precedence.
// Studio users and gallery visitors alike; each scheme has exactly one resolver, and the store's cache sits below it.
import type { CollectionRecord, Role, Store, StudioMembership, UserRecord, VisitorSessionRecord } from '../store/types.ts';
import type { Clock } from '../lib/clock.ts';
import { AMBIGUOUS } from './cookies.ts';
import type { SessionManager, ValidSession } from './sessions/manager.ts';
import { visitorCSRFBinding } from './sessions/manager.ts';
import { looksLikeJWT, type JWTKeyring } from './jwt.ts';
import { parseBasicAuthorization, type BasicCredentialCache } from './basic.ts';
import { splitAuthorization } from './authorization-header.ts';
import { PAT_PREFIX, verifyAccessToken } from './access-tokens.ts';
import { loginKey } from './identifiers.ts';

export type UserScheme = 'session' | 'token' | 'jwt' | 'basic' | 'pat';
export type AuthScheme = UserScheme | 'visitor';

/** A studio user, by any of the five schemes. */
export interface UserPrincipal {
  kind: 'user';
  scheme: UserScheme;
  user: UserRecord;
  studioId: string | null;
  role: Role | null;
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
  /** When the user last proved their password for this credential (ms); a studio switch carries it over. */
  authenticatedAt: number;
}

/** A gallery visitor: a grant to one collection, for the email they gave at the gallery login. */
export interface VisitorPrincipal {
  kind: 'visitor';
  scheme: 'visitor';
  session: VisitorSessionRecord;
  collection: CollectionRecord;
  /** NFKC + lower-case email: the key favorites are kept under. */
  emailKey: string;
  ambient: true;
  sessionId: string;
  csrfBindings: readonly string[];
  maxAgeSeconds: number;
}

export type Principal = UserPrincipal | VisitorPrincipal;

/** What the HTTP layer extracted from the request; pure data, no request object. */
export interface CredentialInput {
  sessionCookie: string | undefined | typeof AMBIGUOUS;
  jwtCookie: string | undefined | typeof AMBIGUOUS;
  visitorCookie: string | undefined | typeof AMBIGUOUS;
  authorization: string | undefined;
  /** X-Auth-Token header. */
  authToken: string | undefined;
  /** auth_token query parameter (undefined when the option is off). */
  authTokenQuery: string | undefined | typeof AMBIGUOUS;
  /** The request arrived over HTTPS (directly or through a trusted proxy). */
  secure: boolean;
}

export type FailureCode = 'session_invalid' | 'ambiguous_credentials' | 'invalid_token' | 'basic_auth_disabled' | 'https_required' | 'collection_expired';

export type PrincipalResult =
  | { kind: 'anonymous' }
  | { kind: 'principal'; principal: Principal }
  /** `reason` is for the security log only (SECURITY-BAR R52): the client sees `code`. */
  | { kind: 'failure'; code: FailureCode; reason?: string };

export interface BasicOptions {
  enabled: boolean;
  allowInsecure: boolean;
  cache: BasicCredentialCache;
}

/** Verifies a password login for Basic (throttled, enumeration-safe); throws AppError on failure. */
export type VerifyPassword = (identifier: string, password: string) => Promise<UserRecord>;

export interface PrincipalDeps {
  sessions: SessionManager;
  store: Pick<Store, 'users' | 'studios' | 'accessTokens' | 'collections'>;
  clock: Clock;
  keyring: JWTKeyring;
  basic: BasicOptions;
}

/** Whose credentials a route reads: the studio's (five schemes) or a gallery visitor's (the visitor cookie only). */
export type Audience = 'studio' | 'visitor';

type Failure = { kind: 'failure'; code: FailureCode; reason?: string };
type Resolved = { kind: 'principal'; principal: Principal } | Failure;
type UserResolved = { kind: 'principal'; principal: UserPrincipal } | Failure;

interface Who {
  user: UserRecord;
  studioId: string | null;
  role: Role | null;
}

interface Credential {
  ambient: boolean;
  sessionId: string | null;
  csrfBindings: readonly string[];
  scopes: readonly string[] | null;
  maxAgeSeconds: number | null;
  authenticatedAt: number;
}

/** Every UserPrincipal is built here, with its fields in one order (one object shape for V8 across schemes). */
function userPrincipal(scheme: UserScheme, who: Who, c: Credential): UserPrincipal {
  return {
    kind: 'user', scheme, user: who.user, studioId: who.studioId, role: who.role, ambient: c.ambient, sessionId: c.sessionId,
    csrfBindings: c.csrfBindings, scopes: c.scopes, maxAgeSeconds: c.maxAgeSeconds, authenticatedAt: c.authenticatedAt,
  };
}

/** The studio a credential still grants: none once the user was removed from it since login. */
function who(user: UserRecord, studioId: string | null, role: Role | null): Who {
  return role === null ? { user, studioId: null, role: null } : { user, studioId, role };
}

function sessionPrincipal(valid: ValidSession, scheme: 'session' | 'token' | 'jwt', ambient: boolean, maxAgeSeconds: number | null): UserPrincipal {
  const { session } = valid;
  return userPrincipal(scheme, who(valid.user, session.studioId, valid.role), {
    ambient, sessionId: session.id, csrfBindings: ambient ? [session.id] : [], scopes: null, maxAgeSeconds, authenticatedAt: session.createdAt,
  });
}

export function isCollectionExpired(collection: Pick<CollectionRecord, 'expiresAt'>, now: number): boolean {
  return collection.expiresAt !== null && now >= collection.expiresAt;
}

async function fromSession(deps: PrincipalDeps, token: string, kind: 'cookie' | 'token'): Promise<UserResolved> {
  const valid = await deps.sessions.validateToken(token, kind);
  if (!valid) return { kind: 'failure', code: kind === 'cookie' ? 'session_invalid' : 'invalid_token' };
  const ambient = kind === 'cookie';
  return { kind: 'principal', principal: sessionPrincipal(valid, ambient ? 'session' : 'token', ambient, valid.maxAgeSeconds) };
}

async function fromJWT(deps: PrincipalDeps, token: string, ambient: boolean): Promise<UserResolved> {
  const failure = (reason: string): Failure => ({ kind: 'failure', code: ambient ? 'session_invalid' : 'invalid_token', reason: `jwt_${reason}` });
  const checked = await deps.keyring.check(token);
  if ('refused' in checked) return failure(checked.refused);
  const { claims } = checked;
  // The family's session is checked on every request, so logout and revocation take effect at once.
  const valid = await deps.sessions.validate(claims.sid, 'jwt');
  if (!valid) return failure('session_ended');
  if (valid.session.userId !== claims.sub || valid.session.studioId !== claims.studio) return failure('session_mismatch');
  return { kind: 'principal', principal: sessionPrincipal(valid, 'jwt', ambient, null) };
}

async function fromPAT(deps: PrincipalDeps, token: string): Promise<UserResolved> {
  const found = await verifyAccessToken(deps.store, deps.clock, token);
  if (!found || found.user.disabledAt !== null) return { kind: 'failure', code: 'invalid_token' };
  const { token: record } = found;
  return {
    kind: 'principal',
    principal: userPrincipal('pat', who(found.user, record.studioId, record.studioId === null ? null : found.role), {
      ambient: false, sessionId: null, csrfBindings: [], scopes: record.scopes, maxAgeSeconds: null, authenticatedAt: record.createdAt,
    }),
  };
}

/** A cached Basic verification stays good while the account is enabled, unlocked and its password unchanged. */
function basicStillValid(user: UserRecord, passwordHash: string): boolean {
  return user.disabledAt === null && user.lockedAt === null && user.passwordHash === passwordHash;
}

async function fromBasic(deps: PrincipalDeps, verify: VerifyPassword, header: string, secure: boolean): Promise<UserResolved> {
  const { basic } = deps;
  if (!basic.enabled) return { kind: 'failure', code: 'basic_auth_disabled' };
  // Checked before the password is looked at: cleartext credentials are refused, not evaluated (no counter either).
  if (!secure && !basic.allowInsecure) return { kind: 'failure', code: 'https_required' };
  const creds = parseBasicAuthorization(header);
  if (!creds) return { kind: 'failure', code: 'invalid_token' };
  const now = deps.clock.now();
  const cached = basic.cache.get(header, now);
  let userId: string;
  if (cached) {
    userId = cached.userId;
  } else {
    const verified = await verify(creds.userId, creds.password);
    basic.cache.set(header, verified.id, verified.passwordHash, now);
    userId = verified.id;
  }
  const user = await deps.store.users.findUserById(userId);
  // A changed password, a disabled or locked account makes the cached verification stale.
  if (!user || !basicStillValid(user, cached ? cached.passwordHash : user.passwordHash)) {
    basic.cache.delete(header);
    return cached ? fromBasic(deps, verify, header, secure) : { kind: 'failure', code: 'invalid_token' };
  }
  const first: StudioMembership | undefined = (await deps.store.studios.listUserStudios(user.id))[0];
  return {
    kind: 'principal',
    principal: userPrincipal('basic', { user, studioId: first?.studio.id ?? null, role: first?.role ?? null }, {
      ambient: false, sessionId: null, csrfBindings: [], scopes: null, maxAgeSeconds: null, authenticatedAt: now,
    }),
  };
}

/** A gallery visitor's cookie: a live visitor session in a collection that still exists and has not expired. */
async function fromVisitorCookie(deps: PrincipalDeps, token: string): Promise<Resolved> {
  const valid = await deps.sessions.validateVisitor(token);
  const collection = valid && (await deps.store.collections.findCollection(valid.session.studioId, valid.session.collectionId));
  if (!valid || !collection) return { kind: 'failure', code: 'session_invalid' };
  const { session } = valid;
  // A collection put back to draft shuts its visitors out at once; its sessions stay, so publishing it again lets them back.
  if (!collection.published) return { kind: 'failure', code: 'session_invalid' };
  if (isCollectionExpired(collection, deps.clock.now())) {
    // Issue #22 (defect 2): the grant ends with the collection, so extending the expiry later does not revive it.
    await deps.sessions.revokeVisitor(session.id);
    return { kind: 'failure', code: 'collection_expired' };
  }
  return {
    kind: 'principal',
    principal: {
      kind: 'visitor', scheme: 'visitor', session, collection, emailKey: loginKey(session.email), ambient: true, sessionId: session.id,
      csrfBindings: [visitorCSRFBinding(session.id)], maxAgeSeconds: valid.maxAgeSeconds,
    },
  };
}

type HeaderCredential = { scheme: 'basic' | 'bearer'; value: string };

/** The header credential a request carries (Authorization, X-Auth-Token, ?auth_token), or ambiguous when they differ. */
function headerCredential(input: CredentialInput): HeaderCredential | typeof AMBIGUOUS | undefined {
  if (input.authTokenQuery === AMBIGUOUS) return AMBIGUOUS;
  let found: HeaderCredential | undefined;
  if (input.authorization !== undefined) {
    const parts = splitAuthorization(input.authorization);
    const scheme = parts?.scheme.toLowerCase();
    if (scheme === 'basic') found = { scheme: 'basic', value: input.authorization };
    else found = { scheme: 'bearer', value: scheme === 'bearer' && parts ? parts.rest.trim() : '' };
  }
  const withToken = alsoBearer(found, input.authToken);
  return withToken === AMBIGUOUS ? AMBIGUOUS : alsoBearer(withToken, input.authTokenQuery);
}

/** Adds a token-mode value to what was found: the same bearer value in several places is one credential. */
function alsoBearer(found: HeaderCredential | undefined, value: string | undefined): HeaderCredential | typeof AMBIGUOUS | undefined {
  if (value === undefined) return found;
  if (found === undefined) return { scheme: 'bearer', value };
  return found.scheme === 'bearer' && found.value === value ? found : AMBIGUOUS;
}

/** A bearer value by its shape: a personal access token, a JWT, or else a token-mode session token. */
function resolveBearer(deps: PrincipalDeps, value: string): Promise<UserResolved> {
  if (value.startsWith(PAT_PREFIX)) return fromPAT(deps, value);
  return looksLikeJWT(value) ? fromJWT(deps, value, false) : fromSession(deps, value, 'token');
}

/** Studio credentials. See resolvePrincipal for the precedence. */
async function resolveUser(input: CredentialInput, deps: PrincipalDeps, verifyBasic: VerifyPassword): Promise<PrincipalResult> {
  if (input.sessionCookie === AMBIGUOUS || input.jwtCookie === AMBIGUOUS) return { kind: 'failure', code: 'ambiguous_credentials' };
  const header = headerCredential(input);
  if (header === AMBIGUOUS) return { kind: 'failure', code: 'ambiguous_credentials' };

  const cookieResults: UserResolved[] = [];
  if (input.sessionCookie !== undefined) cookieResults.push(await fromSession(deps, input.sessionCookie, 'cookie'));
  if (input.jwtCookie !== undefined) cookieResults.push(await fromJWT(deps, input.jwtCookie, true));
  const cookiePrincipals = cookieResults.flatMap((r) => (r.kind === 'principal' ? [r.principal] : []));
  const cookieUsers = new Set(cookiePrincipals.map((p) => p.user.id));
  if (cookieUsers.size > 1) return { kind: 'failure', code: 'ambiguous_credentials' };

  if (header !== undefined) {
    const result = header.scheme === 'basic' ? await fromBasic(deps, verifyBasic, header.value, input.secure) : await resolveBearer(deps, header.value);
    if (result.kind === 'principal' && cookiePrincipals.length > 0 && !cookieUsers.has(result.principal.user.id)) {
      return { kind: 'failure', code: 'ambiguous_credentials' };
    }
    return result;
  }

  const [chosen, second] = cookiePrincipals;
  // A session cookie and a JWT cookie of the same user: either's CSRF token is accepted.
  if (chosen) return { kind: 'principal', principal: second ? { ...chosen, csrfBindings: [...chosen.csrfBindings, ...second.csrfBindings] } : chosen };
  const failed = cookieResults[0];
  if (failed && failed.kind === 'failure') return { kind: 'failure', code: 'session_invalid', ...(failed.reason ? { reason: failed.reason } : {}) };
  return { kind: 'anonymous' };
}

/**
 * Studio routes: a header credential (Authorization: Bearer/Basic, X-Auth-Token, ?auth_token) wins over cookies and
 * is never replaced by them: if it fails, the request fails. Cookies (session, then JWT) count only without one.
 * Two credentials that name different users are refused as ambiguous rather than guessed between.
 * Visitor routes: the visitor cookie alone; studio credentials do not count there.
 * Returns failures as values; throws AppError only for login throttling of Basic credentials.
 */
export async function resolvePrincipal(audience: Audience, input: CredentialInput, deps: PrincipalDeps, verifyBasic: VerifyPassword): Promise<PrincipalResult> {
  if (audience === 'studio') return resolveUser(input, deps, verifyBasic);
  if (input.visitorCookie === AMBIGUOUS) return { kind: 'failure', code: 'ambiguous_credentials' };
  if (input.visitorCookie === undefined) return { kind: 'anonymous' };
  return fromVisitorCookie(deps, input.visitorCookie);
}

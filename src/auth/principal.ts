// resolvePrincipal: the one pipeline that turns a request's credentials into a Principal, with fixed precedence.
import type { AccessTokenRecord, CachedReads, Role, SessionKind, SessionRecord, Store, StudioMembership, UserRecord } from '../store/types.ts';
import type { Clock } from '../lib/clock.ts';
import { AMBIGUOUS } from './cookies.ts';
import { sessionMaxAgeSeconds, sessionState, validateSession, validateSessionToken, type SessionDeps } from './sessions.ts';
import { looksLikeJWT, type AccessClaims, type JWTKeyring } from './jwt.ts';
import { parseBasicAuthorization, type BasicCredentialCache } from './basic.ts';
import { splitAuthorization } from './authorization-header.ts';
import { PAT_PREFIX, credentialHash, credentialState, verifyAccessToken } from './access-tokens.ts';
import { isWellFormedSecret } from '../lib/ids.ts';
import { sha256 } from './tokens.ts';

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
}

/** Verifies a password login for Basic (throttled, enumeration-safe); throws AppError on failure. */
export type VerifyPassword = (identifier: string, password: string) => Promise<UserRecord>;

export interface PrincipalDeps extends SessionDeps {
  store: Pick<Store, 'users' | 'studios' | 'accessTokens' | 'cached'>;
  clock: Clock;
  keyring: JWTKeyring;
  basic: BasicOptions;
}

type Resolved = { kind: 'principal'; principal: Principal } | { kind: 'failure'; code: FailureCode };

interface Who {
  user: UserRecord;
  studioId: string | null;
  role: Role | null;
}

/**
 * Every Principal is built here, field by field in one order, never with an object spread: a spread of `who` plus
 * further fields left V8 with slow (dictionary-mode) objects, and reading them cost each request tens of microseconds
 * across the hooks and handlers (issue #6).
 */
function makePrincipal(
  who: Who, scheme: AuthScheme, ambient: boolean, sessionId: string | null, csrfBindings: readonly string[],
  scopes: readonly string[] | null, maxAgeSeconds: number | null, authenticatedAt: number,
): Principal {
  return { user: who.user, studioId: who.studioId, role: who.role, scheme, ambient, sessionId, csrfBindings, scopes, maxAgeSeconds, authenticatedAt };
}

// The Principal of each scheme, for the cached and the store-reading path alike.
function sessionPrincipal(who: Who, session: SessionRecord, scheme: 'session' | 'token' | 'jwt', ambient: boolean, maxAgeSeconds: number | null): Principal {
  return makePrincipal(who, scheme, ambient, session.id, ambient ? [session.id] : [], null, maxAgeSeconds, session.createdAt);
}

function patPrincipal(who: Who, record: AccessTokenRecord): Principal {
  return makePrincipal(who, 'pat', false, null, [], record.scopes, null, record.createdAt);
}

function basicPrincipal(user: UserRecord, first: StudioMembership | undefined, now: number): Principal {
  return makePrincipal({ user, studioId: first?.studio.id ?? null, role: first?.role ?? null }, 'basic', false, null, [], null, null, now);
}

/** A session still names a usable credential while the claims it was issued with (user, studio) match. */
function jwtMatchesSession(claims: AccessClaims, session: SessionRecord): boolean {
  return session.userId === claims.sub && session.studioId === claims.studio;
}

/** A cached Basic verification stays good while the account is enabled, unlocked and its password unchanged. */
function basicStillValid(user: UserRecord, passwordHash: string): boolean {
  return user.disabledAt === null && user.lockedAt === null && user.passwordHash === passwordHash;
}

async function withUser(deps: PrincipalDeps, userId: string, studioId: string | null): Promise<Who | null> {
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
  return { kind: 'principal', principal: sessionPrincipal(who, valid.session, ambient ? 'session' : 'token', ambient, valid.maxAgeSeconds) };
}

async function fromJWT(deps: PrincipalDeps, token: string, ambient: boolean): Promise<Resolved> {
  const failure: Resolved = { kind: 'failure', code: ambient ? 'session_invalid' : 'invalid_token' };
  const claims = await deps.keyring.verify(token);
  if (!claims) return failure;
  // The family's session is checked on every request, so logout and revocation take effect at once.
  const valid = await validateSession(deps, claims.sid, 'jwt');
  if (!valid || !jwtMatchesSession(claims, valid.session)) return failure;
  const who = await withUser(deps, claims.sub, claims.studio);
  if (!who) return failure;
  return { kind: 'principal', principal: sessionPrincipal(who, valid.session, 'jwt', ambient, null) };
}

async function fromPAT(deps: PrincipalDeps, token: string): Promise<Resolved> {
  const record = await verifyAccessToken(deps.store, deps.clock, token);
  if (!record) return { kind: 'failure', code: 'invalid_token' };
  const who = await withUser(deps, record.userId, record.studioId);
  if (!who) return { kind: 'failure', code: 'invalid_token' };
  return { kind: 'principal', principal: patPrincipal(who, record) };
}

async function fromBasic(deps: PrincipalDeps, verify: VerifyPassword, header: string, secure: boolean): Promise<Resolved> {
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
    const user = await verify(creds.userId, creds.password);
    basic.cache.set(header, user.id, user.passwordHash, now);
    userId = user.id;
  }
  const user = await deps.store.users.findUserById(userId);
  // A changed password, a disabled or locked account makes the cached verification stale.
  if (!user || !basicStillValid(user, cached ? cached.passwordHash : user.passwordHash)) {
    basic.cache.delete(header);
    return cached ? fromBasic(deps, verify, header, secure) : { kind: 'failure', code: 'invalid_token' };
  }
  const first = (await deps.store.studios.listUserStudios(user.id))[0];
  return { kind: 'principal', principal: basicPrincipal(user, first, now) };
}

// The cached path (issue #6). Each function answers only when every record it needs is in the store's cache and the
// request needs no write (no last-seen or last-used update due, nothing expired or revoked); otherwise undefined,
// and the store-reading path above decides — failures included. Records from the cache are frozen and shared.

function cachedWho(view: CachedReads, userId: string, studioId: string | null): Who | undefined {
  const user = view.user(userId);
  if (!user || user.disabledAt !== null) return undefined;
  if (studioId === null) return { user, studioId: null, role: null };
  const role = view.role(userId, studioId);
  return role === undefined ? undefined : { user, studioId, role };
}

function cachedSession(view: CachedReads, deps: PrincipalDeps, id: string, kind: SessionKind, now: number): SessionRecord | undefined {
  const session = view.session(id);
  return session && session.kind === kind && sessionState(deps.policy, session, now) === 'fresh' ? session : undefined;
}

function cachedFromSession(view: CachedReads, deps: PrincipalDeps, token: string, kind: 'cookie' | 'token', now: number): Principal | undefined {
  if (!isWellFormedSecret(token)) return undefined;
  const session = cachedSession(view, deps, sha256(token), kind, now);
  const who = session && cachedWho(view, session.userId, session.studioId);
  if (!session || !who) return undefined;
  const ambient = kind === 'cookie';
  return sessionPrincipal(who, session, ambient ? 'session' : 'token', ambient, sessionMaxAgeSeconds(deps.policy, session, now));
}

function cachedFromJWT(view: CachedReads, deps: PrincipalDeps, token: string, ambient: boolean, now: number): Principal | undefined {
  const claims = deps.keyring.cachedClaims(token);
  const session = claims && cachedSession(view, deps, claims.sid, 'jwt', now);
  if (!claims || !session || !jwtMatchesSession(claims, session)) return undefined;
  const who = cachedWho(view, claims.sub, claims.studio);
  return who && sessionPrincipal(who, session, 'jwt', ambient, null);
}

function cachedFromPAT(view: CachedReads, token: string, now: number): Principal | undefined {
  const hash = credentialHash(token, PAT_PREFIX);
  const record = hash === null ? undefined : view.accessToken(hash);
  if (!record || credentialState(record, now) !== 'fresh') return undefined;
  const who = cachedWho(view, record.userId, record.studioId);
  return who && patPrincipal(who, record);
}

function cachedFromBasic(view: CachedReads, deps: PrincipalDeps, header: string, secure: boolean, now: number): Principal | undefined {
  const { basic } = deps;
  if (!basic.enabled || (!secure && !basic.allowInsecure)) return undefined;
  const entry = basic.cache.get(header, now); // only headers that parsed and verified are in it
  const user = entry ? view.user(entry.userId) : undefined;
  if (!entry || !user || !basicStillValid(user, entry.passwordHash)) return undefined;
  const studios = view.studios(user.id);
  return studios && basicPrincipal(user, studios[0], now);
}

/**
 * The synchronous fast path: a request carrying exactly one credential, resolved from the in-process cache alone with
 * one check that no other process wrote in the meantime. Undefined means "use resolvePrincipal", which gives the same
 * answer for every request this one answers (test/credentials/cached-principal.test.ts compares the two).
 */
export function resolveCachedPrincipal(input: CredentialInput, deps: PrincipalDeps): Principal | undefined {
  const view = deps.store.cached;
  const { sessionCookie, jwtCookie } = input;
  if (!view || sessionCookie === AMBIGUOUS || jwtCookie === AMBIGUOUS) return undefined;
  const header = headerCredential(input);
  if (header === AMBIGUOUS || (sessionCookie !== undefined ? 1 : 0) + (jwtCookie !== undefined ? 1 : 0) + (header !== undefined ? 1 : 0) !== 1) return undefined;
  view.sync();
  const now = deps.clock.now();
  if (sessionCookie !== undefined) return cachedFromSession(view, deps, sessionCookie, 'cookie', now);
  if (jwtCookie !== undefined) return cachedFromJWT(view, deps, jwtCookie, true, now);
  if (!header) return undefined; // unreachable: exactly one credential, and it was neither cookie
  if (header.scheme === 'basic') return cachedFromBasic(view, deps, header.value, input.secure, now);
  const kind = bearerKind(header.value);
  if (kind === 'pat') return cachedFromPAT(view, header.value, now);
  return kind === 'jwt' ? cachedFromJWT(view, deps, header.value, false, now) : cachedFromSession(view, deps, header.value, 'token', now);
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

/** What a bearer value is, by its shape: a personal access token, a JWT, or else a token-mode session token. */
function bearerKind(value: string): 'pat' | 'jwt' | 'token' {
  if (value.startsWith(PAT_PREFIX)) return 'pat';
  return looksLikeJWT(value) ? 'jwt' : 'token';
}

function resolveBearer(deps: PrincipalDeps, value: string): Promise<Resolved> {
  const kind = bearerKind(value);
  if (kind === 'pat') return fromPAT(deps, value);
  return kind === 'jwt' ? fromJWT(deps, value, false) : fromSession(deps, value, 'token');
}

/**
 * Precedence: a header credential (Authorization: Bearer/Basic, X-Auth-Token, ?auth_token) wins over cookies and is
 * never replaced by them: if it fails, the request fails. Cookies (session, then JWT) count only without one.
 * Two credentials that name different users are refused as ambiguous rather than guessed between.
 * Returns failures as values; throws AppError only for login throttling of Basic credentials.
 */
export async function resolvePrincipal(input: CredentialInput, deps: PrincipalDeps, verifyBasic: VerifyPassword): Promise<PrincipalResult> {
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
    const result = header.scheme === 'basic' ? await fromBasic(deps, verifyBasic, header.value, input.secure) : await resolveBearer(deps, header.value);
    if (result.kind === 'principal' && cookiePrincipals.length > 0 && !cookieUsers.has(result.principal.user.id)) {
      return { kind: 'failure', code: 'ambiguous_credentials' };
    }
    return result;
  }

  const chosen = cookiePrincipals[0];
  if (chosen) {
    const bindings = cookiePrincipals.flatMap((p) => p.csrfBindings);
    const { scheme, ambient, sessionId, scopes, maxAgeSeconds, authenticatedAt } = chosen;
    return { kind: 'principal', principal: makePrincipal(chosen, scheme, ambient, sessionId, bindings, scopes, maxAgeSeconds, authenticatedAt) };
  }
  const failed = cookieResults[0];
  if (failed && failed.kind === 'failure') return { kind: 'failure', code: 'session_invalid' };
  return { kind: 'anonymous' };
}

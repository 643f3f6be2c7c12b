// Runs the route's declared policy on every request: body media type, credential resolution, permission, CSRF.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppError } from '../../errors.ts';
import { AMBIGUOUS, cookieValue } from '../../auth/cookies.ts';
import { passwordLogin } from '../login.ts';
import { isCachedAppKeyValid, verifyAppKey } from '../../auth/access-tokens.ts';
import { isSameOriginRequest, readCSRFHeader, verifyCSRFToken } from '../../auth/csrf.ts';
import { resolveCachedPrincipal, resolvePrincipal, type CredentialInput, type Principal, type PrincipalDeps, type PrincipalResult } from '../../auth/principal.ts';
import { needsStudio, roleAllows } from '../../auth/permissions.ts';
import type { AppDeps } from '../deps.ts';
import type { CookieWriter } from '../cookies.ts';
import type { BodyKind, RoutePolicy } from '../types.ts';

/** Methods that change state: they need CSRF proof when the credential is ambient. */
export const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MEDIA: Record<BodyKind, string> = { json: 'application/json', form: 'application/x-www-form-urlencoded', multipart: 'multipart/form-data' };

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Origins whose pages may send cookie-authenticated unsafe requests: our own (as this request sees it) and the configured ones. */
function allowedOrigins(request: FastifyRequest, trusted: readonly string[]): Set<string> {
  const set = new Set(trusted);
  try {
    set.add(new URL(`${request.protocol}://${request.host}`).origin);
  } catch {
    // A malformed Host adds nothing; the request is then judged against the configured origins only.
  }
  return set;
}

export function checkCrossSite(request: FastifyRequest, trusted: readonly string[]): void {
  const ok = isSameOriginRequest(
    { origin: header(request, 'origin'), referer: header(request, 'referer'), secFetchSite: header(request, 'sec-fetch-site') },
    allowedOrigins(request, trusted),
  );
  if (!ok) {
    request.log.warn({ event: 'origin_rejected', origin: header(request, 'origin') ?? null, secFetchSite: header(request, 'sec-fetch-site') ?? null }, 'security event');
    throw new AppError('origin_rejected');
  }
}

/**
 * The CSRF token a request offers, after the origin check: one of the three header names, or (an HTML form, which
 * cannot set headers) the csrf_token field of a form body. Runs after body parsing.
 */
export function offeredCSRFToken(request: FastifyRequest, trusted: readonly string[]): string | undefined {
  checkCrossSite(request, trusted);
  const token = readCSRFHeader(request.headers);
  if (token !== undefined) return token;
  const body = request.body as Record<string, unknown> | null | undefined;
  return request.headers['content-type']?.startsWith(MEDIA.form) && body && typeof body.csrf_token === 'string' ? body.csrf_token : undefined;
}

/** The auth_token query parameter; a repeated parameter is ambiguous (parameter pollution). */
function queryToken(request: FastifyRequest): string | undefined | typeof AMBIGUOUS {
  const q = request.query as Record<string, unknown> | undefined;
  const v = q?.auth_token;
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : AMBIGUOUS;
}

/**
 * Parameter pollution (R47): a repeated query parameter is refused rather than silently resolved. A repeated
 * auth_token is left to the credential pipeline, which answers ambiguous_credentials.
 */
function rejectRepeatedQuery(request: FastifyRequest): void {
  const query = request.query as Record<string, unknown> | undefined;
  for (const name in query) {
    if (Array.isArray(query[name]) && name !== 'auth_token') throw new AppError('bad_request', `Query parameter "${name.slice(0, 64)}" is repeated`);
  }
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function checkMediaType(request: FastifyRequest, accepts: readonly BodyKind[]): void {
  if (!UNSAFE.has(request.method) || !hasBody(request)) return;
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!accepts.some((kind) => MEDIA[kind] === type)) {
    throw new AppError('unsupported_media_type', `Content-Type must be ${accepts.map((k) => MEDIA[k]).join(' or ')}`);
  }
}

/** A route option that may hold one hook or several, as a list. */
export function toArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The request's Principal on a route whose policy guarantees one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('authentication_required');
  return request.principal;
}

/**
 * Ends a callback-style hook: at once when the step answered synchronously (the cached path: no promise, no
 * microtask), or when its promise settles (the step had to read the store).
 */
function finish(pending: Promise<void> | undefined, done: HookHandlerDoneFunction): void {
  if (pending) pending.then(() => done(), (err: unknown) => done(err as Error));
  else done();
}

export function registerAuthentication(app: FastifyInstance, deps: AppDeps, cookies: CookieWriter): void {
  const sessionCookie = deps.config.cookies.session;
  const jwtCookie = deps.config.cookies.jwt;
  const auth = deps.config.auth;
  const trusted = deps.config.csrf.trustedOrigins;
  const principalDeps: PrincipalDeps = {
    sessions: deps.store.sessions, clock: deps.clock, policy: deps.sessionPolicy, store: deps.store, keyring: deps.keyring,
    basic: { enabled: auth.basic.enabled, allowInsecure: auth.basic.allowInsecure, cache: deps.basicCache },
  };

  app.decorateRequest('principal', null);

  /** The permission check, once the request has a Principal. */
  function admit(request: FastifyRequest, reply: FastifyReply, policy: RoutePolicy, principal: Principal, sessionToken: CredentialInput['sessionCookie']): void {
    request.principal = principal;
    // Idle time is tracked per request: every answer to a cookie session, a refusal included, renews the cookie's
    // Max-Age. Written now rather than in an onSend hook (one hook fewer on every authenticated request, issue #6); a
    // route that writes the session cookie itself (logout, password change) replaces this one (writeCookie).
    if (principal.scheme === 'session' && principal.maxAgeSeconds !== null && typeof sessionToken === 'string') {
      cookies.setSession(request, reply, sessionToken, principal.maxAgeSeconds);
    }
    // Basic is not a cookie, but a browser may replay it by itself: refuse it from foreign pages (R23).
    if (principal.scheme === 'basic' && UNSAFE.has(request.method)) checkCrossSite(request, trusted);
    if (policy.access !== 'authenticated') return;
    const allowed = needsStudio(policy.permission) && principal.studioId === null ? false : roleAllows(principal.role, policy.permission);
    if (allowed && principal.scopes !== null && !principal.scopes.includes(policy.permission)) {
      request.log.info({ event: 'authorization_denied', userId: principal.user.id, studioId: principal.studioId, permission: policy.permission, reason: 'scope' }, 'security event');
      throw new AppError('insufficient_scope', undefined, { details: { required_scope: policy.permission } });
    }
    if (!allowed) {
      request.log.info({ event: 'authorization_denied', userId: principal.user.id, studioId: principal.studioId, permission: policy.permission }, 'security event');
      throw new AppError('insufficient_permissions');
    }
  }

  /** What the store-reading pipeline decided, for requests the cached path could not answer. */
  function settle(request: FastifyRequest, reply: FastifyReply, policy: RoutePolicy, input: CredentialInput, result: PrincipalResult): void {
    if (result.kind === 'principal') return admit(request, reply, policy, result.principal, input.sessionCookie);
    if (policy.access === 'optional') return;
    if (result.kind === 'failure') {
      if (result.code === 'session_invalid') cookies.clearSession(request, reply);
      request.log.info({ event: 'authentication_failed', code: result.code }, 'security event');
      throw new AppError(result.code);
    }
    // Issue #4: a gallery-visitor session is a credential, but never one for the Studio API: 403, not a login prompt.
    if (cookieValue(request.headers.cookie, deps.config.cookies.visitorSession) !== undefined) {
      request.log.info({ event: 'authorization_denied', reason: 'visitor_session_on_studio_route' }, 'security event');
      throw new AppError('visitor_forbidden');
    }
    throw new AppError('authentication_required');
  }

  function identify(request: FastifyRequest, reply: FastifyReply, policy: RoutePolicy): Promise<void> | undefined {
    if (policy.access === 'public') {
      if (policy.crossSiteCheck && UNSAFE.has(request.method)) checkCrossSite(request, trusted);
      return undefined;
    }
    const cookie = request.headers.cookie;
    const input: CredentialInput = {
      sessionCookie: cookieValue(cookie, sessionCookie),
      jwtCookie: cookieValue(cookie, jwtCookie),
      authorization: header(request, 'authorization'),
      authToken: header(request, 'x-auth-token'),
      authTokenQuery: auth.tokenQueryParam ? queryToken(request) : undefined,
      secure: request.protocol === 'https',
    };
    const cached = resolveCachedPrincipal(input, principalDeps);
    if (cached) {
      admit(request, reply, policy, cached, input.sessionCookie);
      return undefined;
    }
    const verifyBasic = (identifier: string, password: string) => passwordLogin(deps, request, identifier, password, 'basic');
    return resolvePrincipal(input, principalDeps, verifyBasic).then((result) => settle(request, reply, policy, input, result));
  }

  function authenticate(request: FastifyRequest, reply: FastifyReply, policy: RoutePolicy, accepts: readonly BodyKind[]): Promise<void> | undefined {
    rejectRepeatedQuery(request);
    checkMediaType(request, accepts);
    // Gallery-visitor routes authenticate in their own hook (src/api/visitors/plugin.ts); studio credentials do not count there.
    if (policy.access === 'visitor') return undefined;

    // PhotoShelter-style mandatory application key: checked before any user credential, on every /api/ route but the docs.
    if (auth.requireAppKey && request.url.startsWith('/api/') && !(policy.access === 'public' && policy.docs === true)) {
      const key = header(request, 'x-api-key');
      if (key === undefined || key === '') throw new AppError('api_key_required');
      if (!isCachedAppKeyValid(deps.store.cached, deps.clock, key)) {
        return verifyAppKey(deps.store, deps.clock, key).then((record) => {
          if (!record) {
            request.log.info({ event: 'app_key_rejected' }, 'security event');
            throw new AppError('invalid_api_key');
          }
          return identify(request, reply, policy);
        });
      }
    }
    return identify(request, reply, policy);
  }

  // CSRF runs after body parsing so an HTML form can carry its token as the csrf_token field.
  const checkCSRF = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const principal = request.principal;
    if (!principal || !principal.ambient || !UNSAFE.has(request.method)) return done();
    try {
      const token = offeredCSRFToken(request, trusted);
      if (token === undefined || !principal.csrfBindings.some((binding) => verifyCSRFToken(deps.csrfKey, binding, token))) {
        request.log.warn({ event: 'csrf_rejected', userId: principal.user.id, present: token !== undefined }, 'security event');
        throw new AppError('csrf_failed');
      }
    } catch (err) {
      return done(err as Error);
    }
    done();
  };

  // Every hook is attached per route, not globally: the policy is known when the route is declared (no per-request
  // lookup of the route's options), and a request runs only the hooks its route can need (the CSRF check only on
  // routes with unsafe methods). The hooks are callback-style and answer synchronously from the cache when they can:
  // each async hook cost a request several microseconds (issue #6).
  app.addHook('onRoute', (route) => {
    const config = (): { policy?: RoutePolicy; accepts?: readonly BodyKind[] } | undefined => route.config as never;
    // The policy is read when a request comes, not now: the docs plugin's scoped onRoute hook may set it after this one.
    route.onRequest = [(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const policy = config()?.policy;
      if (!policy) return done(); // none declared: the route-walk test fails on such a route
      let pending: Promise<void> | undefined;
      try {
        pending = authenticate(request, reply, policy, config()?.accepts ?? ['json']);
      } catch (err) {
        return done(err as Error);
      }
      finish(pending, done);
    }, ...toArray(route.onRequest)];
    const policy = config()?.policy;
    if (!policy || policy.access === 'public' || policy.access === 'visitor') return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.some((m) => UNSAFE.has(m))) route.preValidation = [...toArray(route.preValidation), checkCSRF];
  });
}

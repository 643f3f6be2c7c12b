// The policy plugin: every route declares a policy, and this one piece of code enforces it on every request, studio
// and gallery-visitor routes alike (body media type, application key, credential resolution, permission, CSRF). An
// app with a route that declares no valid policy refuses to start.
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppError } from '../../errors.ts';
import { AMBIGUOUS, cookieValue } from '../../auth/cookies.ts';
import { passwordLogin, jarOf } from '../login.ts';
import { verifyAppKey } from '../../auth/access-tokens.ts';
import { readCSRFHeader } from '../../auth/csrf.ts';
import { resolvePrincipal, type CredentialInput, type Principal, type PrincipalDeps, type PrincipalResult, type UserPrincipal, type VisitorPrincipal } from '../../auth/principal.ts';
import { PERMISSIONS, needsStudio, roleAllows } from '../../auth/permissions.ts';
import type { AppDeps } from '../deps.ts';
import type { BodyKind, RoutePolicy } from '../types.ts';
import { appKeyRequired } from '../app-key-gate.ts';
import {
  MEDIA, UNSAFE, checkCrossSite, checkMediaType, checkSameOriginFetch, header, originPolicy, rejectRepeatedCredentialHeaders, rejectRepeatedQuery, type OriginPolicy,
} from '../request-checks.ts';
import { rejectIllFormedStrings } from '../well-formed.ts';

export { UNSAFE, checkCrossSite };

/**
 * The CSRF token a request offers, after the origin check: one of the three header names, or (an HTML form, which
 * cannot set headers) the csrf_token field of a form body. Runs after body parsing.
 */
export function offeredCSRFToken(request: FastifyRequest, origins: OriginPolicy): string | undefined {
  checkCrossSite(request, origins);
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

/** A route option that may hold one hook or several, as a list. */
export function toArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The request's studio user on a route whose policy guarantees one. */
export function principalOf(request: FastifyRequest): UserPrincipal {
  const p = request.principal;
  if (p?.kind !== 'user') throw new AppError('authentication_required');
  return p;
}

/** The request's gallery visitor on a route whose policy is `visitor`. */
export function visitorOf(request: FastifyRequest): VisitorPrincipal {
  const p = request.principal;
  if (p?.kind !== 'visitor') throw new AppError('authentication_required', 'Gallery login required');
  return p;
}

const ACCESS = new Set<string>(['public', 'optional', 'authenticated', 'visitor']);

/** Why a declared policy is not one this plugin can enforce; null when it is. */
export function policyProblem(policy: unknown): string | null {
  if (policy === undefined || policy === null || typeof policy !== 'object') return 'no config.policy';
  const { access, permission } = policy as { access?: unknown; permission?: unknown };
  if (typeof access !== 'string' || !ACCESS.has(access)) return `unknown access ${String(access)}`;
  if (access === 'authenticated' && !(typeof permission === 'string' && Object.hasOwn(PERMISSIONS, permission))) return 'authenticated without a known permission';
  return null;
}

/** Ends a callback-style hook when its step settles (at once when the step needed no promise). */
function finish(pending: Promise<void> | undefined, done: HookHandlerDoneFunction): void {
  if (pending) pending.then(() => done(), (err: unknown) => done(err as Error));
  else done();
}

/** What the per-route hook knows of its route, fixed at registration. */
interface RouteFacts {
  accepts: readonly BodyKind[];
  needsKey: (policy: RoutePolicy) => boolean;
}

export interface PolicyPluginOptions {
  deps: AppDeps;
}

async function policyPlugin(app: FastifyInstance, { deps }: PolicyPluginOptions): Promise<void> {
  const names = deps.config.cookies;
  const auth = deps.config.auth;
  // A CORS-listed origin is one whose pages may send credentialed requests: its unsafe requests pass the Origin /
  // Fetch-Metadata check (they still need the CSRF token when a cookie authenticates them); no other foreign origin does.
  const trusted = originPolicy([...deps.config.csrf.trustedOrigins, ...deps.config.cors.origins], deps.config.server.publicUrl);
  const principalDeps: PrincipalDeps = {
    sessions: deps.sessions, clock: deps.clock, store: deps.store, keyring: deps.keyring,
    basic: { enabled: auth.basic.enabled, allowInsecure: auth.basic.allowInsecure, cache: deps.basicCache },
  };

  app.decorateRequest('principal', null);

  /** The permission check, once the request has a Principal. */
  function admit(request: FastifyRequest, reply: FastifyReply, policy: RoutePolicy, principal: Principal, input: CredentialInput): void {
    request.principal = principal;
    // Idle time is tracked per request: every answer to a cookie session, a refusal included, renews the cookie's
    // Max-Age. A route that writes the session cookie itself (logout, password change) replaces this one.
    if (principal.kind === 'visitor') {
      if (typeof input.visitorCookie === 'string') deps.sessions.renewVisitorCookie(jarOf(deps, request, reply), input.visitorCookie, principal.maxAgeSeconds);
      return;
    }
    if (principal.scheme === 'session' && principal.maxAgeSeconds !== null && typeof input.sessionCookie === 'string') {
      deps.sessions.renewCookie(jarOf(deps, request, reply), input.sessionCookie, principal.maxAgeSeconds);
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

  /** What the pipeline decided, applied to the route's policy. */
  function settle(request: FastifyRequest, reply: FastifyReply, policy: RoutePolicy, input: CredentialInput, result: PrincipalResult): void {
    if (result.kind === 'principal') return admit(request, reply, policy, result.principal, input);
    if (policy.access === 'optional') return;
    const visitorRoute = policy.access === 'visitor';
    if (result.kind === 'failure') {
      if (result.code === 'session_invalid') {
        const jar = jarOf(deps, request, reply);
        if (visitorRoute) deps.sessions.clearVisitorSessionCookie(jar);
        else deps.sessions.clearSessionCookie(jar);
      }
      request.log.info({ event: 'authentication_failed', code: result.code, ...(result.reason ? { reason: result.reason } : {}) }, 'security event');
      throw new AppError(result.code);
    }
    if (visitorRoute) throw new AppError('authentication_required', 'Gallery login required');
    // Issue #4: a gallery-visitor session is a credential, but never one for the Studio API: 403, not a login prompt.
    if (input.visitorCookie !== undefined) {
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
      sessionCookie: cookieValue(cookie, names.session),
      jwtCookie: cookieValue(cookie, names.jwt),
      visitorCookie: cookieValue(cookie, names.visitorSession),
      authorization: header(request, 'authorization'),
      authToken: header(request, 'x-auth-token'),
      authTokenQuery: auth.tokenQueryParam ? queryToken(request) : undefined,
      secure: request.protocol === 'https',
    };
    const verifyBasic = (identifier: string, password: string) => passwordLogin(deps, request, identifier, password, 'basic');
    const audience = policy.access === 'visitor' ? 'visitor' : 'studio';
    return resolvePrincipal(audience, input, principalDeps, verifyBasic).then((result) => settle(request, reply, policy, input, result));
  }

  /** SECURITY-BAR R35: each key has its own quota (auth.appKeyQuota), before any user credential is looked at. */
  async function enforceAppKeyQuota(request: FastifyRequest, keyId: string): Promise<void> {
    const quota = auth.appKeyQuota;
    if (quota.max === 0) return;
    const { count, resetMs } = await deps.appKeyCounter.hit(`app-key:${keyId}`, quota.window * 1000);
    if (count <= quota.max) return;
    if (count === quota.max + 1) request.log.warn({ event: 'app_key_quota_exceeded', appKeyId: keyId, max: quota.max, window: quota.window }, 'security event');
    throw new AppError('app_key_quota_exceeded', undefined, { retryAfter: resetMs / 1000, details: { limit: quota.max, window_seconds: quota.window } });
  }

  function authenticate(request: FastifyRequest, reply: FastifyReply, policy: RoutePolicy, route: RouteFacts): Promise<void> | undefined {
    rejectRepeatedQuery(request);
    checkMediaType(request, route.accepts);
    if (policy.access !== 'public' || route.needsKey(policy)) rejectRepeatedCredentialHeaders(request);
    if (policy.access === 'visitor' && policy.sameOriginOnly === true) checkSameOriginFetch(request, trusted);
    // PhotoShelter-style mandatory application key: checked before any user credential, on the routes
    // app-key-gate.ts names, by the matched route's pattern and policy (never by how the request spelled its path).
    if (!route.needsKey(policy)) return identify(request, reply, policy);
    const key = header(request, 'x-api-key');
    if (key === undefined || key === '') throw new AppError('api_key_required');
    return verifyAppKey(deps.store, deps.clock, key).then(async (record) => {
      if (!record) {
        request.log.info({ event: 'app_key_rejected' }, 'security event');
        throw new AppError('invalid_api_key');
      }
      await enforceAppKeyQuota(request, record.id);
      return identify(request, reply, policy);
    });
  }

  // CSRF runs after body parsing so an HTML form can carry its token as the csrf_token field.
  const checkCSRF = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const principal = request.principal;
    if (!principal || !principal.ambient || !UNSAFE.has(request.method)) return done();
    try {
      const token = offeredCSRFToken(request, trusted);
      if (token === undefined || !principal.csrfBindings.some((binding) => deps.sessions.verifyCSRF(binding, token))) {
        const who = principal.kind === 'user' ? { userId: principal.user.id } : { collectionId: principal.collection.id };
        request.log.warn({ event: 'csrf_rejected', ...who, present: token !== undefined }, 'security event');
        throw new AppError('csrf_failed');
      }
    } catch (err) {
      return done(err as Error);
    }
    done();
  };

  // Before schema validation, so no handler or store sees a lone surrogate (issue #22, defect 6).
  const checkBodyStrings = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    try {
      if (typeof request.body === 'object' && request.body !== null && !Buffer.isBuffer(request.body)) rejectIllFormedStrings(request.body);
    } catch (err) {
      return done(err as Error);
    }
    done();
  };

  const declared: Array<{ where: string; policy: () => unknown }> = [];

  // Every hook is attached per route, not globally: a request runs only the hooks its route can need (the CSRF check
  // only on routes with unsafe methods that are not public).
  app.addHook('onRoute', (route) => {
    // Read when a request comes, not now: a scoped onRoute hook (the docs plugin's, for @fastify/swagger-ui's routes)
    // may set it after this one. `onReady` below has checked by then that every route has one.
    const policyOf = (): RoutePolicy | undefined => (route.config as { policy?: RoutePolicy } | undefined)?.policy;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) declared.push({ where: `${method} ${route.url}`, policy: policyOf });
    const routeUrl = route.url;
    const facts: RouteFacts = {
      accepts: (route.config as { accepts?: readonly BodyKind[] } | undefined)?.accepts ?? ['json'],
      needsKey: (policy) => auth.requireAppKey && appKeyRequired(routeUrl, policy),
    };
    // Appended: the per-client rate limit's hook (registered before this plugin) runs first, so a flood of refused
    // credentials is counted and limited like any other request.
    route.onRequest = [...toArray(route.onRequest), (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const policy = policyOf();
      if (!policy) return done(new AppError('internal_error')); // unreachable once started: onReady refuses such a route
      let pending: Promise<void> | undefined;
      try {
        pending = authenticate(request, reply, policy, facts);
      } catch (err) {
        return done(err as Error);
      }
      finish(pending, done);
    }];
    if (methods.some((m) => UNSAFE.has(m))) {
      route.preValidation = [...toArray(route.preValidation), ...(policyOf()?.access !== 'public' ? [checkCSRF] : []), checkBodyStrings];
    }
  });

  // A route without a policy would skip authentication entirely: refuse to start instead of failing open.
  app.addHook('onReady', async () => {
    const problems = declared.flatMap(({ where, policy }) => {
      const problem = policyProblem(policy());
      return problem === null ? [] : [`${where}: ${problem}`];
    });
    if (problems.length > 0) throw new Error(`Every route must declare a valid policy (config.policy):\n  ${problems.join('\n  ')}`);
  });
}

/** Not encapsulated (fastify-plugin): its decorator and hooks apply to every route registered after it. */
export const registerPolicy = fp(policyPlugin, { name: 'lightbox-policy', fastify: '5.x' });

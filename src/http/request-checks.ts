// Checks the policy plugin runs on a request before and around authentication: cross-site signals, repeated credential
// headers, repeated query parameters, media types and strings a JSON body may not carry.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { isSameOriginRequest } from '../auth/csrf.ts';
import type { BodyKind } from './types.ts';

/** Methods that change state: they need CSRF proof when the credential is ambient. */
export const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const MEDIA: Record<BodyKind, string> = { json: 'application/json', form: 'application/x-www-form-urlencoded', multipart: 'multipart/form-data' };

export function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Where the browser-facing pages live, for the cross-site checks: server.publicUrl's origin when set. */
export interface OriginPolicy {
  trusted: readonly string[];
  /** The origin of server.publicUrl; undefined when unset (the request's own scheme and Host are used). */
  publicOrigin: string | undefined;
}

export function originPolicy(trusted: readonly string[], publicUrl: string | undefined): OriginPolicy {
  return { trusted, publicOrigin: publicUrl === undefined ? undefined : new URL(publicUrl).origin };
}

/**
 * Origins whose pages may send cookie-authenticated unsafe requests: our own and the configured ones. Issue #22
 * (defect 6): with server.publicUrl set, "our own" is its origin, not what the request's Host header claims: behind a
 * proxy that forwards any Host, a Host-derived origin would let the attacker's page name itself.
 */
function allowedOrigins(request: FastifyRequest, policy: OriginPolicy): Set<string> {
  const set = new Set(policy.trusted);
  if (policy.publicOrigin !== undefined) {
    set.add(policy.publicOrigin);
    return set;
  }
  try {
    set.add(new URL(`${request.protocol}://${request.host}`).origin);
  } catch {
    // A malformed Host adds nothing; the request is then judged against the configured origins only.
  }
  return set;
}

export function checkCrossSite(request: FastifyRequest, policy: OriginPolicy): void {
  const ok = isSameOriginRequest(
    { origin: header(request, 'origin'), referer: header(request, 'referer'), secFetchSite: header(request, 'sec-fetch-site') },
    allowedOrigins(request, policy),
  );
  if (!ok) {
    request.log.warn({ event: 'origin_rejected', origin: header(request, 'origin') ?? null, secFetchSite: header(request, 'sec-fetch-site') ?? null }, 'security event');
    throw new AppError('origin_rejected');
  }
}

/**
 * For a GET that changes something (it records a download and notifies the studio): SameSite=Lax cookies ride along
 * on a top-level navigation from any site, so a foreign page's link would record one (issue #22, defect 6). Browsers
 * mark their requests with Sec-Fetch-Site; only our own pages (same-origin) and a typed URL or bookmark (none) may.
 * A client that sends no Fetch Metadata (curl, the SDK) is judged by its Origin/Referer, if any.
 */
export function checkSameOriginFetch(request: FastifyRequest, policy: OriginPolicy): void {
  const site = header(request, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    request.log.warn({ event: 'origin_rejected', origin: header(request, 'origin') ?? null, secFetchSite: site }, 'security event');
    throw new AppError('origin_rejected');
  }
  checkCrossSite(request, policy);
}

/**
 * Credential headers a request may carry once. Node keeps only the first of two Authorization headers and joins the
 * others with ", "; either way one of two values would be silently chosen or garbled. Issue #22 (defect 6): refused
 * as ambiguous instead. Cookie is not here: HTTP/2 splits it legitimately; a cookie name given twice with different
 * values is refused by the cookie reader (auth/cookies.ts).
 */
const SINGLE_CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization', 'proxy-authorization', 'x-auth-token', 'x-api-key', 'x-csrf-token', 'x-csrftoken', 'x-csrf', 'x-xsrf-token',
]);

export function rejectRepeatedCredentialHeaders(request: FastifyRequest): void {
  const raw = request.raw.rawHeaders;
  let seen: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (!SINGLE_CREDENTIAL_HEADERS.has(name)) continue;
    seen ??= new Set();
    if (seen.has(name)) {
      request.log.info({ event: 'authentication_failed', code: 'ambiguous_credentials', header: name }, 'security event');
      throw new AppError('ambiguous_credentials', `The ${name} header is repeated`);
    }
    seen.add(name);
  }
}

/**
 * Parameter pollution (R47): a repeated query parameter is refused rather than silently resolved. A repeated
 * auth_token is left to the credential pipeline, which answers ambiguous_credentials.
 */
export function rejectRepeatedQuery(request: FastifyRequest): void {
  const query = request.query as Record<string, unknown> | undefined;
  for (const name in query) {
    if (Array.isArray(query[name]) && name !== 'auth_token') throw new AppError('bad_request', `Query parameter "${name.slice(0, 64)}" is repeated`);
  }
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function checkMediaType(request: FastifyRequest, accepts: readonly BodyKind[]): void {
  if (!UNSAFE.has(request.method) || !hasBody(request)) return;
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!accepts.some((kind) => MEDIA[kind] === type)) {
    throw new AppError('unsupported_media_type', `Content-Type must be ${accepts.map((k) => MEDIA[k]).join(' or ')}`);
  }
}

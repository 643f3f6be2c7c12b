// Security headers on every response; no-store on everything that may carry credentials or account data.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// A JSON response is never rendered as a document: nothing may load, nothing may frame it.
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * On every response (OWASP REST Security: nosniff, no-store, frame-ancestors, X-Frame-Options for older browsers).
 * Referrer-Policy `same-origin`: a token-mode URL may carry `auth_token` (R16), so no URL, not even our origin, is
 * ever sent to another site; to ourselves the browser sends it, and with it a real `Origin` on our own form posts
 * (under `no-referrer` Chromium sends `Origin: null`, which the cross-site check cannot tell from a sandboxed frame).
 */
export const SECURITY_DEFAULTS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'content-security-policy': API_CSP,
  'cache-control': 'no-store',
} as const;

/**
 * What an HTML document adds: its own CSP, and the opener isolation that only a top-level document can use (a
 * JSON response has no window, so it does not carry Cross-Origin-Opener-Policy).
 */
export function documentHeaders(reply: FastifyReply, csp: string): FastifyReply {
  return reply.header('content-security-policy', csp).header('cross-origin-opener-policy', 'same-origin');
}

/** Sends an HTML page: the page CSP replaces the API one (pages load their own stylesheet, nothing foreign). */
export function sendHtml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return documentHeaders(reply.code(status), PAGE_CSP).type('text/html; charset=utf-8').send(body);
}

/**
 * Set when the request arrives rather than in an onSend hook: a route that wants another Cache-Control or CSP (a
 * public asset, an HTML page) replaces the default, and no response can leave without them. A synchronous hook costs a
 * request a few hundred nanoseconds; an async onSend hook cost several microseconds (issue #6).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    applySecurityHeaders(request, reply);
    done();
  });
}

/** The headers every response carries; the error renderer calls it too, for errors raised before any hook ran. */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(SECURITY_DEFAULTS);
  if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

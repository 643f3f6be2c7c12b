// Content negotiation for answers that can be a page or JSON: a browser gets HTML, every API client JSON.
import type { FastifyRequest } from 'fastify';

/** True when an Accept header ranks text/html above (or equal to) application/json: a browser navigating or posting a form. */
export function acceptPrefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = -1;
  let json = -1;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (type === 'text/html') html = Math.max(html, Number.isFinite(q) ? q : 0);
    if (type === 'application/json') json = Math.max(json, Number.isFinite(q) ? q : 0);
  }
  return html > 0 && html >= json;
}

/** True when the client prefers an HTML page to JSON (a browser form post). */
export function prefersHtml(request: FastifyRequest): boolean {
  return acceptPrefersHtml(request.headers.accept);
}

/**
 * Paths that only ever answer JSON, whatever the client accepts: the API namespace and the well-known documents. A
 * browser that opens `/api/v1/clients` by hand sees the API's own error body, which is what a developer wants there.
 */
export function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/.well-known/');
}

/** An error for this request is rendered as an HTML page (rather than the JSON error body). */
export function wantsErrorPage(url: string, accept: string | undefined): boolean {
  return !isApiPath(url) && acceptPrefersHtml(accept);
}

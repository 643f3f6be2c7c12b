// Which routes the mandatory application key (auth.requireAppKey) guards: decided on the route, never on the URL.
import type { RoutePolicy } from './types.ts';

/**
 * Issue #22 (defect 1): the key is required on every route registered under /api/, judged by the route's own pattern
 * (what find-my-way matched), so no spelling of the request path (`/%61pi/…`, `//api/…`, a trailing slash) decides.
 * Exempt: the public documentation (it tells a newcomer how to get a key) and the gallery-visitor routes, which the
 * server's own gallery pages load as plain links and images a browser cannot add a header to; a key placed in those
 * pages would be public and prove nothing. The visitor session (a collection password login) guards them instead.
 */
export function appKeyRequired(routeUrl: string, policy: RoutePolicy): boolean {
  if (!routeUrl.startsWith('/api/')) return false;
  if (policy.access === 'visitor') return false;
  return !(policy.access === 'public' && policy.docs === true);
}

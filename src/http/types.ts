// What the HTTP layer adds to Fastify: the route policy every route must declare, and the request's Principal.
import type { Principal } from '../auth/principal.ts';
import type { Permission } from '../auth/permissions.ts';
import type { ErrorPageRenderer } from './plugins/error-handler.ts';

/**
 * Every route declares who may call it:
 * - public: no credential is read (health checks, login forms, documentation);
 * - optional: a valid credential is used when present, a bad one is ignored;
 * - authenticated: a valid credential is required, and the permission must be granted;
 * - visitor: a gallery-visitor session is required (a different cookie; studio credentials do not count).
 * The policy plugin (src/http/plugins/policy.ts) enforces all four and refuses to start on a route without one.
 * `crossSiteCheck` applies the Origin/Fetch-Metadata check to a public form (login CSRF); `docs` marks the public
 * documentation endpoints that stay reachable without an application key. `sameOriginOnly` refuses a visitor route to
 * anything a browser marks as coming from another site, safe methods included (a GET that records a download).
 */
export type RoutePolicy =
  | { access: 'public'; crossSiteCheck?: boolean; docs?: boolean }
  | { access: 'optional' }
  | { access: 'authenticated'; permission: Permission }
  | { access: 'visitor'; sameOriginOnly?: boolean };

/** Request body media types a route accepts; anything else is 415 before parsing (JSON routes refuse form posts). */
export type BodyKind = 'json' | 'form' | 'multipart';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    policy?: RoutePolicy;
    accepts?: readonly BodyKind[];
    /** A page route's own rendering of a failure for a browser (its form again, with the message). */
    errorPage?: ErrorPageRenderer;
  }
}

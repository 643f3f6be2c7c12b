// Wiring the JWT session functions to this request (audit log) and to the app's configuration.
import type { FastifyRequest } from 'fastify';
import type { JWTSessionDeps } from '../auth/jwt-sessions.ts';
import type { AppDeps } from './deps.ts';

export function jwtSessionDeps(deps: AppDeps, request: FastifyRequest): JWTSessionDeps {
  return {
    sessions: deps.store.sessions,
    clock: deps.clock,
    policy: deps.sessionPolicy,
    store: deps.store,
    keyring: deps.keyring,
    refreshTtlMs: deps.config.auth.jwt.refreshTtl * 1000,
    audit: (event, fields) => request.log.warn({ event, ...fields }, 'security event'),
  };
}

// The active studio of an authenticated request: the only source of tenant scope for studio data (R36).
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { principalOf } from './plugins/policy.ts';

/**
 * The principal's active studio. Routes whose permission needs a studio are already refused without one; this
 * narrows the type and fails closed should a route be misdeclared. Never read from the body, query or headers.
 */
export function activeStudioOf(request: FastifyRequest): string {
  const studioId = principalOf(request).studioId;
  if (studioId === null) throw new AppError('insufficient_permissions');
  return studioId;
}

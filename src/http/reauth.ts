// Re-authentication for privileged changes ("sudo mode"): a login within auth.reauthWindow, or the current password now.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import type { AppDeps } from './deps.ts';
import { passwordLogin } from './login.ts';

/**
 * Passes when the credential's authentication time (which a studio switch carries over, never renews) is within the
 * re-auth window; otherwise `current_password` must be given, and is verified as a login (throttled, audited).
 */
export async function requireFreshAuth(deps: AppDeps, request: FastifyRequest, p: UserPrincipal, currentPassword: string | undefined): Promise<void> {
  if (deps.clock.now() - p.authenticatedAt <= deps.config.auth.reauthWindow * 1000) return;
  if (currentPassword === undefined) throw new AppError('reauth_required');
  await passwordLogin(deps, request, p.user.email, currentPassword, 'reauth');
}

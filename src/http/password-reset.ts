// Password reset over HTTP, shared by the JSON API and the pages: the neutral request (throttled, then answered before
// any account is looked up) and the completion (new password, every session ended, audited).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { completePasswordReset, issuePasswordReset, throttleResetRequest, type CompletedReset } from '../auth/password-reset.ts';
import { passwordResetMail } from '../mail/templates/password-reset.ts';
import { audit } from './audit.ts';
import type { AppDeps } from './deps.ts';
import { loginDeps } from './login.ts';

/** The one answer to every reset request that is not throttled: it says nothing about the account. */
export const RESET_REQUESTED_MESSAGE = 'If an account uses this email address, a message with a link to reset its password is on its way. The link works once, for a limited time.';

/**
 * Throttles the request (429 with Retry-After, the same for every address typed), then arranges for the account
 * lookup, token and message to happen once the answer has been sent: whatever the account, the caller sees the same
 * status, body and time (issue #20). The work runs on `deps.background`, which app.close waits for.
 */
export async function requestPasswordReset(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, email: string): Promise<void> {
  await throttleResetRequest(deps.resetCounter, {
    perAccount: deps.config.passwordReset.perAccount, perAddress: deps.config.passwordReset.perAddress, windowMs: deps.config.passwordReset.window * 1000,
  }, email, request.ip);
  const work = async (): Promise<void> => {
    try {
      const result = await issuePasswordReset(deps, email, {
        linkBase: deps.linkBase.url(), ttlMs: deps.config.passwordReset.tokenTtl * 1000,
        compose: (c) => passwordResetMail({ firstName: c.user.firstName, studioName: c.studioName, link: c.link, expiresInMinutes: c.expiresInMinutes }),
      });
      if (result.outcome === 'no_account') {
        // Logged, not audited: there is no account (or studio) the event would belong to, and the address is not kept.
        request.log.info({ event: 'password_reset_requested', outcome: result.outcome }, 'security event');
        return;
      }
      audit(deps, request, 'password_reset_requested', { userId: result.userId, outcome: result.outcome });
      await Promise.all(request.auditWrites ?? []);
      if (result.outcome === 'queued') deps.mailQueued.notify();
    } catch (err) {
      request.log.error({ err, event: 'password_reset_requested' }, 'could not issue a password reset');
    }
  };
  // 'close' comes after the last byte was handed to the socket (or the client went away): the mail goes out either way.
  reply.raw.once('close', () => deps.background.run(work));
}

/** Completes a reset from its link; see completePasswordReset for what ends and what is kept. */
export async function finishPasswordReset(deps: AppDeps, request: FastifyRequest, token: string, password: string, options: { revokeAccessTokens?: boolean } = {}): Promise<CompletedReset> {
  const done = await completePasswordReset(loginDeps(deps, request), token, password, options);
  audit(deps, request, 'password_reset', { userId: done.user.id, tokensRevoked: done.tokensRevoked, unlocked: done.unlocked });
  return done;
}

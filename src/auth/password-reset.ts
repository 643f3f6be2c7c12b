// Password reset by mailed link: the throttle every request passes, the account-dependent part that issues a
// single-use token with its message (run after the neutral answer has gone out), and completing it with a new password.
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { generateSecret, isWellFormedSecret } from '../lib/ids.ts';
import type { Store, UserRecord } from '../store/types.ts';
import { accountThrottleKey, replacePassword, type AccountDeps } from './accounts.ts';
import { loginKey } from './identifiers.ts';
import { checkPasswordPolicy } from './passwords.ts';
import type { RequestCounter } from './request-counter.ts';
import type { LoginLimiter } from './throttle.ts';
import { sha256 } from './tokens.ts';

export interface ResetThrottlePolicy {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

/**
 * Counts a reset request against the typed address and the client address; past either limit, 429 with Retry-After.
 * The address is counted whether or not an account has it, so the answer is the same for both.
 */
export async function throttleResetRequest(counter: RequestCounter, policy: ResetThrottlePolicy, email: string, ip: string): Promise<void> {
  const byAddress = await counter.hit(`ip:${ip}`, policy.windowMs);
  if (byAddress.count > policy.perAddress) throw new AppError('too_many_attempts', undefined, { retryAfter: byAddress.resetMs / 1000 });
  const byAccount = await counter.hit(`account:${loginKey(email)}`, policy.windowMs);
  if (byAccount.count > policy.perAccount) throw new AppError('too_many_attempts', undefined, { retryAfter: byAccount.resetMs / 1000 });
}

/** What the reset message says; the caller's template turns it into the subject and bodies. */
export interface ResetMessageContext {
  user: UserRecord;
  /** The user's (first) studio, for the branding; null for a user in no studio. */
  studioName: string | null;
  link: string;
  expiresInMinutes: number;
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

export interface ResetRequestOptions {
  /** The configured public base URL, never one derived from the request's Host (R42). */
  linkBase: string;
  ttlMs: number;
  compose: (context: ResetMessageContext) => ComposedMail;
}

export type ResetRequestOutcome = { outcome: 'queued'; userId: string } | { outcome: 'disabled'; userId: string } | { outcome: 'no_account' };

/**
 * The account-dependent part of a reset request. For an active account (a locked one too: this is its recovery) it
 * stores a new token's hash, superseding older unused ones, in the same transaction as the message with the link, so
 * both land or neither. The link carries the token in the fragment: browsers do not send it to the server, so it is
 * in no access log and no Referer; the page reads it and posts it.
 */
export async function issuePasswordReset(deps: { store: Store; clock: Clock }, email: string, options: ResetRequestOptions): Promise<ResetRequestOutcome> {
  const key = loginKey(email);
  const user = await deps.store.users.findUserByLoginKey(key);
  // Reset by email only: a username would be a second name to spread one account's throttle over.
  if (user === null || loginKey(user.email) !== key) return { outcome: 'no_account' };
  if (user.disabledAt !== null) return { outcome: 'disabled', userId: user.id };
  const token = generateSecret();
  const memberships = await deps.store.studios.listUserStudios(user.id);
  const studio = memberships[0]?.studio ?? null;
  const mail = options.compose({
    user, studioName: studio?.name ?? null, link: `${options.linkBase.replace(/\/$/, '')}/password-reset/complete#token=${token}`,
    expiresInMinutes: Math.round(options.ttlMs / 60_000),
  });
  await deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx.passwordResets.issuePasswordResetToken({ userId: user.id, tokenHash: sha256(token), now, expiresAt: now + options.ttlMs });
    await tx.mailOutbox.enqueueMail({ studioId: studio?.id ?? null, kind: 'password_reset', to: user.email, ...mail, now });
  });
  return { outcome: 'queued', userId: user.id };
}

export interface CompletedReset {
  user: UserRecord;
  tokensRevoked: number;
  /** The account had been hard-locked after too many failed logins; the reset unlocked it. */
  unlocked: boolean;
}

const invalidLink = (): AppError => new AppError('reset_link_invalid');

/**
 * Sets the new password under the policy, with the token consumed in the same transaction (compare-and-set, so of
 * two concurrent requests one wins and the other gets reset_link_invalid), and ends every session, token-mode token
 * and JWT family of the user; personal access tokens too when asked (as with a password change, they stay by
 * default). Proving the mailbox is the recovery the hard lock waits for: the lock and the login counters are cleared.
 * Unknown, expired and used tokens all fail the same way; a weak password leaves the token usable.
 */
export async function completePasswordReset(deps: AccountDeps & { limiter: LoginLimiter }, token: string, password: string, options: { revokeAccessTokens?: boolean } = {}): Promise<CompletedReset> {
  if (!isWellFormedSecret(token)) throw invalidLink();
  const tokenHash = sha256(token);
  const record = await deps.store.passwordResets.findPasswordResetToken(tokenHash);
  if (record === null || record.usedAt !== null || record.expiresAt <= deps.clock.now()) throw invalidLink();
  const user = await deps.store.users.findUserById(record.userId);
  if (user === null || user.disabledAt !== null) throw invalidLink();
  const weak = checkPasswordPolicy(password, deps.passwordPolicy, [user.email, user.username, user.firstName, user.lastName]);
  if (weak) throw new AppError('weak_password', weak, { details: { password: weak } });
  const passwordHash = await deps.hasher.hash(password);
  const { tokensRevoked } = await deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    if ((await tx.passwordResets.consumePasswordResetToken(tokenHash, now)) === null) throw invalidLink();
    const result = await replacePassword(tx, user.id, passwordHash, now, options);
    if (user.lockedAt !== null) await tx.users.setUserLocked(user.id, null);
    return result;
  });
  await deps.limiter.reset(accountThrottleKey(user.id));
  return { user, tokensRevoked, unlocked: user.lockedAt !== null };
}

/**
 * The shell's reset (`lightbox user reset-password`, for a server without mail): the same policy and the same
 * effects as completing a mailed link (every session ends, a hard lock and the login counters are cleared), and any
 * reset link still in a mailbox stops working.
 */
export async function resetPasswordDirectly(deps: AccountDeps & { limiter: LoginLimiter }, user: UserRecord, password: string, options: { revokeAccessTokens?: boolean } = {}): Promise<CompletedReset & { sessionsEnded: number }> {
  const weak = checkPasswordPolicy(password, deps.passwordPolicy, [user.email, user.username, user.firstName, user.lastName]);
  if (weak) throw new AppError('weak_password', weak, { details: { password: weak } });
  const passwordHash = await deps.hasher.hash(password);
  const result = await deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const replaced = await replacePassword(tx, user.id, passwordHash, now, options);
    await tx.passwordResets.deleteUserPasswordResetTokens(user.id);
    if (user.lockedAt !== null) await tx.users.setUserLocked(user.id, null);
    return replaced;
  });
  await deps.limiter.reset(accountThrottleKey(user.id));
  return { user, ...result, unlocked: user.lockedAt !== null };
}

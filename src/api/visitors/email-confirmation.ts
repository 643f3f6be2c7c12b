// Visitor email confirmation (issue #20), for collections with require_email_confirmation: before a visitor may
// favorite, change their lists and notes, send a selection or download, they enter a 6-digit code mailed to the
// address they signed in with. Viewing needs none. A code is stored as an argon2id hash, works for 10 minutes and for
// 5 attempts, is bound to the visitor session that asked for it, and is mailed through the outbox; asking again is
// throttled (one a minute and 5 an hour per visitor, 20 an hour per client address). The confirmation is kept for the
// visitor session, and carried to the next session when the same browser signs in again with the same email.
import { randomInt } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { generateId } from '../../lib/ids.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { CollectionRecord, VisitorSessionRecord } from '../../store/types.ts';
import type { VisitorPrincipal as Visitor } from '../../auth/principal.ts';
import { loginKey } from '../../auth/identifiers.ts';
import { emailCodeMail } from '../../mail/templates/email-code.ts';

export const EMAIL_CODE = {
  digits: 6,
  ttlMs: 10 * 60_000,
  maxAttempts: 5,
  /** Between two codes for one visitor. */
  resendAfterMs: 60_000,
  /** Codes per visitor of a collection per hour, every session counted. */
  perVisitorPerHour: 5,
  /** Codes per client address per hour, whatever the collection or email. */
  perAddressPerHour: 20,
} as const;

const HOUR_MS = 3_600_000;
/** Codes are kept a day (the throttle looks back an hour), then the housekeeping removes them. */
export const EMAIL_CODE_KEEP_MS = 86_400_000;

type Audit = (event: string, fields: Record<string, unknown>) => void;

export interface EmailConfirmationState {
  required: boolean;
  confirmed: boolean;
  email: string;
  /** When the session's current code stops working; null without a live one. */
  codeExpiresAt: number | null;
  /** Entries left on the current code; null without a live one. */
  attemptsLeft: number | null;
  /** Seconds until another code may be asked for (0: now). */
  resendInSeconds: number;
}

/** Whether this visitor may favorite and download as far as their email goes: always, unless the collection asks. */
export async function isEmailConfirmed(deps: Pick<AppDeps, 'store'>, visitor: Visitor): Promise<boolean> {
  return !visitor.collection.requireEmailConfirmation || deps.store.visitorEmail.isVisitorEmailConfirmed(visitor.session.id);
}

/** Refuses what needs a confirmed email (403 email_confirmation_required) in a collection that asks for one. */
export async function assertEmailConfirmed(deps: Pick<AppDeps, 'store'>, visitor: Visitor): Promise<void> {
  if (await isEmailConfirmed(deps, visitor)) return;
  throw new AppError('email_confirmation_required', `Confirm your email address (${visitor.session.email}) first: ask for a code (POST /api/v1/gallery/email-confirmation) and enter it (POST /api/v1/gallery/email-confirmation/confirm). Viewing needs no confirmation`);
}

export async function confirmationState(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor): Promise<EmailConfirmationState> {
  const required = visitor.collection.requireEmailConfirmation;
  const base = { required, email: visitor.session.email };
  if (!required) return { ...base, confirmed: true, codeExpiresAt: null, attemptsLeft: null, resendInSeconds: 0 };
  if (await deps.store.visitorEmail.isVisitorEmailConfirmed(visitor.session.id)) return { ...base, confirmed: true, codeExpiresAt: null, attemptsLeft: null, resendInSeconds: 0 };
  const now = deps.clock.now();
  const code = await deps.store.visitorEmail.findLatestEmailCode(visitor.session.id);
  const live = code !== null && code.expiresAt > now && code.attempts < EMAIL_CODE.maxAttempts;
  const sent = await deps.store.visitorEmail.emailCodesSentSince(visitor.collection.id, visitor.emailKey, now - HOUR_MS);
  return {
    ...base, confirmed: false, codeExpiresAt: live ? code.expiresAt : null, attemptsLeft: live ? EMAIL_CODE.maxAttempts - code.attempts : null,
    resendInSeconds: Math.ceil(resendWaitMs(sent, now) / 1000),
  };
}

/** How long until another code may go out for this visitor: the minute after the last one, or the hour's quota. */
function resendWaitMs(sent: { count: number; firstAt: number | null; latestAt: number | null }, now: number): number {
  const minute = sent.latestAt === null ? 0 : sent.latestAt + EMAIL_CODE.resendAfterMs - now;
  const hour = sent.count >= EMAIL_CODE.perVisitorPerHour && sent.firstAt !== null ? sent.firstAt + HOUR_MS - now : 0;
  return Math.max(0, minute, hour);
}

function notAsked(collection: CollectionRecord): AppError | null {
  return collection.requireEmailConfirmation ? null : new AppError('conflict', 'This gallery does not ask visitors to confirm their email');
}

export type EmailCodeDeps = Pick<AppDeps, 'store' | 'clock' | 'hasher' | 'mailQueued' | 'emailCodeCounter'>;

/**
 * Mails a new code to the session's email (the previous one stops working), unless the visitor is confirmed already.
 * Throttled before anything is written: 429 rate_limited with Retry-After.
 */
export async function sendEmailCode(deps: EmailCodeDeps, visitor: Visitor, ip: string, audit: Audit): Promise<EmailConfirmationState> {
  const refused = notAsked(visitor.collection);
  if (refused) throw refused;
  if (await deps.store.visitorEmail.isVisitorEmailConfirmed(visitor.session.id)) return confirmationState(deps, visitor);
  const now = deps.clock.now();
  const sent = await deps.store.visitorEmail.emailCodesSentSince(visitor.collection.id, visitor.emailKey, now - HOUR_MS);
  const wait = resendWaitMs(sent, now);
  if (wait > 0) {
    audit('gallery_email_code_throttled', { collectionId: visitor.collection.id, ip });
    throw new AppError('rate_limited', sent.count >= EMAIL_CODE.perVisitorPerHour
      ? `${EMAIL_CODE.perVisitorPerHour} codes were sent in the last hour; try again later`
      : 'A code was sent a moment ago; check your mailbox, or wait before asking for another', { retryAfter: wait / 1000 });
  }
  // The look-back above reads the store, so two requests at the same instant could both pass it; one atomic claim per
  // visitor and minute (in Redis when configured) lets only the first of them send.
  const claim = await deps.emailCodeCounter.hit(`visitor:${visitor.collection.id}:${visitor.emailKey}`, EMAIL_CODE.resendAfterMs);
  if (claim.count > 1) {
    audit('gallery_email_code_throttled', { collectionId: visitor.collection.id, ip });
    throw new AppError('rate_limited', 'A code was sent a moment ago; check your mailbox, or wait before asking for another', { retryAfter: claim.resetMs / 1000 });
  }
  const byAddress = await deps.emailCodeCounter.hit(`ip:${ip}`, HOUR_MS);
  if (byAddress.count > EMAIL_CODE.perAddressPerHour) {
    audit('gallery_email_code_throttled', { collectionId: visitor.collection.id, ip });
    throw new AppError('rate_limited', 'Too many codes were asked for from this network; try again later', { retryAfter: byAddress.resetMs / 1000 });
  }
  const code = String(randomInt(0, 10 ** EMAIL_CODE.digits)).padStart(EMAIL_CODE.digits, '0');
  const codeHash = await deps.hasher.hash(code);
  const studio = await deps.store.studios.findStudioById(visitor.collection.studioId);
  const mail = emailCodeMail({ studioName: studio?.name ?? '', collectionName: visitor.collection.name, code, expiresInMinutes: EMAIL_CODE.ttlMs / 60_000 });
  await deps.store.transaction(async (tx) => {
    await tx.visitorEmail.createEmailCode({
      id: generateId('ec'), sessionId: visitor.session.id, collectionId: visitor.collection.id, emailKey: visitor.emailKey,
      codeHash, attempts: 0, createdAt: now, expiresAt: now + EMAIL_CODE.ttlMs,
    });
    await tx.mailOutbox.enqueueMail({ studioId: visitor.collection.studioId, kind: 'visitor_email_code', to: visitor.session.email, ...mail, now });
  });
  deps.mailQueued.notify();
  audit('gallery_email_code_sent', { collectionId: visitor.collection.id, ip });
  return confirmationState(deps, visitor);
}

/** Six digits, whatever spaces or dashes were typed between them; anything else is no code at all. */
function normalizeCode(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '');
  return new RegExp(`^[0-9]{${EMAIL_CODE.digits}}$`).test(digits) ? digits : null;
}

/**
 * Checks a code against the session's newest one: an attempt is spent first (compare-and-set, so parallel guesses
 * cannot exceed five), then one argon2 verification. Right: the session is confirmed and its codes deleted.
 */
export async function confirmEmailCode(deps: Pick<AppDeps, 'store' | 'clock' | 'hasher'>, visitor: Visitor, raw: string, audit: Audit): Promise<EmailConfirmationState> {
  const refused = notAsked(visitor.collection);
  if (refused) throw refused;
  if (await deps.store.visitorEmail.isVisitorEmailConfirmed(visitor.session.id)) return confirmationState(deps, visitor);
  const entered = normalizeCode(raw);
  if (entered === null) throw new AppError('validation_failed', undefined, { details: { code: `must be the ${EMAIL_CODE.digits} digits from the message` } });
  const now = deps.clock.now();
  const code = await deps.store.visitorEmail.findLatestEmailCode(visitor.session.id);
  if (code === null || code.expiresAt <= now) throw new AppError('email_code_expired');
  if (!(await deps.store.visitorEmail.spendEmailCodeAttempt(code.id, EMAIL_CODE.maxAttempts))) throw new AppError('email_code_exhausted');
  if (!(await deps.hasher.verify(code.codeHash, entered))) {
    const left = Math.max(0, EMAIL_CODE.maxAttempts - code.attempts - 1);
    audit('gallery_email_code_failed', { collectionId: visitor.collection.id, attemptsLeft: left });
    if (left === 0) throw new AppError('email_code_exhausted', 'That code is not right, and it was the last try: ask for a new code');
    throw new AppError('email_code_invalid', `That code is not right; ${left} ${left === 1 ? 'try' : 'tries'} left`, { details: { attempts_left: left } });
  }
  await deps.store.visitorEmail.confirmVisitorEmail(visitor.session.id, visitor.collection.id, now);
  audit('gallery_email_confirmed', { collectionId: visitor.collection.id });
  return confirmationState(deps, visitor);
}

/**
 * Whether a visitor signing in again keeps their confirmation: the browser still held a valid session of the same
 * collection and email, and that session was confirmed. The proof travels with the browser, never with the address
 * alone, so someone else who knows the address and the password still has to confirm it. Ask before the old session
 * is revoked (its confirmation goes with it).
 */
export async function keepsConfirmation(deps: Pick<AppDeps, 'store'>, previous: VisitorSessionRecord | null, next: { collectionId: string; email: string }): Promise<boolean> {
  if (previous === null || previous.collectionId !== next.collectionId || loginKey(previous.email) !== loginKey(next.email)) return false;
  return deps.store.visitorEmail.isVisitorEmailConfirmed(previous.id);
}

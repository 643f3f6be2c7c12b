// Studio invitations: issuing a single-use link (its token stored only as a hash, with the message that carries it in
// the same transaction), reading what a link offers, and accepting it as a signed-in user or with a new account.
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { generateSecret, isWellFormedSecret } from '../lib/ids.ts';
import type { InvitationRecord, Role, Store, StudioRecord, UserRecord } from '../store/types.ts';
import { prepareNewUser, type AccountDeps, type NewAccount } from './accounts.ts';
import { emailProblem, loginKey } from './identifiers.ts';
import { sha256 } from './tokens.ts';

export interface InvitationDeps {
  store: Store;
  clock: Clock;
}

/** What the invitation message says; the caller's template turns it into the subject and bodies. */
export interface InvitationMessageContext {
  studio: StudioRecord;
  inviter: UserRecord;
  role: Role;
  link: string;
  expiresInDays: number;
}

export interface IssueInvitationInput {
  studio: StudioRecord;
  inviter: UserRecord;
  role: Role;
  /** Only this address may accept; null for whoever holds the link. */
  email: string | null;
  /** The configured public base URL, never one derived from the request's Host (R42). */
  linkBase: string;
  ttlMs: number;
  compose: (context: InvitationMessageContext) => { subject: string; text: string; html: string };
}

export interface IssuedInvitation {
  invitation: InvitationRecord;
  /** The link with the token: returned to the inviter once and mailed (when bound to an email); never stored. */
  link: string;
  mailed: boolean;
}

/** The path of an invitation link, with its token: what `/invite/{token}` serves. */
export function invitationPath(token: string): string {
  return `/invite/${token}`;
}

/**
 * Stores a new invitation's hash and, when it names an email address, queues the message with the link in the same
 * transaction, so both land or neither.
 */
export async function issueInvitation(deps: InvitationDeps, input: IssueInvitationInput): Promise<IssuedInvitation> {
  const email = input.email === null ? null : input.email.normalize('NFKC').trim();
  if (email !== null) {
    const problem = emailProblem(email);
    if (problem) throw new AppError('validation_failed', undefined, { details: { email: problem } });
  }
  const token = generateSecret();
  const link = `${input.linkBase.replace(/\/$/, '')}${invitationPath(token)}`;
  const mail = email === null ? null : input.compose({
    studio: input.studio, inviter: input.inviter, role: input.role, link, expiresInDays: Math.max(1, Math.round(input.ttlMs / 86_400_000)),
  });
  const invitation = await deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const created = await tx.invitations.createInvitation({
      studioId: input.studio.id, tokenHash: sha256(token), role: input.role, email, emailKey: email === null ? null : loginKey(email),
      createdBy: input.inviter.id, now, expiresAt: now + input.ttlMs,
    });
    if (email !== null && mail !== null) await tx.mailOutbox.enqueueMail({ studioId: input.studio.id, kind: 'member_invitation', to: email, ...mail, now });
    return created;
  });
  return { invitation, link, mailed: mail !== null };
}

export interface OpenInvitation {
  invitation: InvitationRecord;
  studio: StudioRecord;
}

/** Why an invitation cannot be used now; null while it is pending. A used one says so even after it expired. */
function unusable(invitation: InvitationRecord, now: number): AppError | null {
  if (invitation.acceptedAt !== null) return new AppError('invitation_used');
  if (invitation.revokedAt !== null) return new AppError('invitation_revoked');
  if (now >= invitation.expiresAt) return new AppError('invitation_expired');
  return null;
}

/**
 * The pending invitation a token names, with its studio. A token of the wrong shape is refused before any lookup;
 * an unknown one costs the same single indexed read by hash as a known one (the hash, not the token, is compared).
 */
export async function openInvitation(deps: InvitationDeps, token: string): Promise<OpenInvitation> {
  if (!isWellFormedSecret(token)) throw new AppError('invitation_invalid');
  const invitation = await deps.store.invitations.findInvitationByHash(sha256(token));
  if (invitation === null) throw new AppError('invitation_invalid');
  const problem = unusable(invitation, deps.clock.now());
  if (problem) throw problem;
  const studio = await deps.store.studios.findStudioById(invitation.studioId);
  if (studio === null) throw new AppError('invitation_invalid');
  return { invitation, studio };
}

/** An invitation bound to an address is accepted only under that address (compared as logins are: NFKC, lower case). */
function checkBoundEmail(invitation: InvitationRecord, email: string): void {
  if (invitation.emailKey !== null && invitation.emailKey !== loginKey(email)) throw new AppError('invitation_email_mismatch');
}

/** Marks the invitation used by `userId` inside `tx`, or throws what became of it (a concurrent accept, a revoke). */
async function consume(tx: Store, clock: Clock, token: string, userId: string): Promise<InvitationRecord> {
  const now = clock.now();
  const used = await tx.invitations.consumeInvitation(sha256(token), userId, now);
  if (used !== null) return used;
  const current = await tx.invitations.findInvitationByHash(sha256(token));
  throw (current && unusable(current, now)) ?? new AppError('invitation_invalid');
}

export interface AcceptedInvitation {
  invitation: InvitationRecord;
  studio: StudioRecord;
  user: UserRecord;
  role: Role;
}

const alreadyMember = (): AppError => new AppError('conflict', 'You are already a member of this studio');

/** A signed-in user joins the studio with the invitation's role; the invitation is used in the same transaction. */
export async function acceptInvitationAsUser(deps: InvitationDeps, token: string, user: UserRecord): Promise<AcceptedInvitation> {
  const { invitation, studio } = await openInvitation(deps, token);
  checkBoundEmail(invitation, user.email);
  // Before consuming anything: a member who opens a link again keeps the link usable for the person it was meant for.
  if ((await deps.store.studios.findRole(user.id, studio.id)) !== null) throw alreadyMember();
  const used = await deps.store.transaction(async (tx) => {
    const consumed = await consume(tx, deps.clock, token, user.id);
    if (!(await tx.studios.addMember({ studioId: studio.id, userId: user.id, role: consumed.role, now: deps.clock.now() }))) throw alreadyMember();
    return consumed;
  });
  return { invitation: used, studio, user, role: used.role };
}

/**
 * A new account joins the studio: validated under the password policy and hashed before the transaction opens; the
 * user, the membership and the used invitation then land together (a taken email or username leaves the link usable).
 * Without an email of its own, the account takes the one the invitation is bound to.
 */
export async function acceptInvitationWithNewAccount(deps: AccountDeps, token: string, account: Omit<NewAccount, 'email'> & { email?: string | undefined }): Promise<AcceptedInvitation> {
  const { invitation, studio } = await openInvitation(deps, token);
  const email = account.email ?? invitation.email;
  if (email === null || email === undefined) throw new AppError('validation_failed', undefined, { details: { email: 'is required' } });
  checkBoundEmail(invitation, email);
  const row = await prepareNewUser(deps, { ...account, email });
  const { user, used } = await deps.store.transaction(async (tx) => {
    const created = await tx.users.createUser(row);
    const consumed = await consume(tx, deps.clock, token, created.id);
    await tx.studios.addMember({ studioId: studio.id, userId: created.id, role: consumed.role, now: deps.clock.now() });
    return { user: created, used: consumed };
  });
  return { invitation: used, studio, user, role: used.role };
}

// Invitations over HTTP: an owner or admin invites (an admin never an owner), lists and withdraws; the invited person
// accepts as the user they are signed in as, or with a new account that starts its session in the studio.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { isIdOf } from '../../lib/ids.ts';
import type { UserPrincipal } from '../../auth/principal.ts';
import { acceptInvitationAsUser, acceptInvitationWithNewAccount, issueInvitation, type AcceptedInvitation, type IssuedInvitation } from '../../auth/invitations.ts';
import type { InvitationRecord, Role } from '../../store/types.ts';
import { invitationMail } from '../../mail/templates/invitation.ts';
import type { AppDeps } from '../../http/deps.ts';
import { audit } from '../../http/audit.ts';
import { cookieValue } from '../../auth/cookies.ts';
import { deviceOf, jarOf, loginDeps } from '../../http/login.ts';
import { switchStudio, type SwitchResult } from '../../http/studio-switch.ts';
import { toPublicUser, type PublicStudio, type PublicUser } from '../../http/encoders.ts';

/** How a person is named in a message from the studio: their full name, else their username. */
function displayName(p: UserPrincipal): string {
  const full = `${p.user.firstName} ${p.user.lastName}`.trim();
  return full === '' ? p.user.username : full;
}

export async function createInvitation(deps: AppDeps, request: FastifyRequest, p: UserPrincipal, studioId: string, input: { role: Role; email: string | null }): Promise<IssuedInvitation> {
  if (input.role === 'owner' && p.role !== 'owner') throw new AppError('insufficient_permissions', 'Only an owner can invite an owner');
  const studio = await deps.store.studios.findStudioById(studioId);
  if (studio === null) throw new AppError('not_found', 'No such studio');
  const email = input.email === null || input.email.trim() === '' ? null : input.email;
  const issued = await issueInvitation(deps, {
    studio, inviter: p.user, role: input.role, email, linkBase: deps.linkBase.url(), ttlMs: deps.config.invitations.ttl * 1000,
    compose: (c) => invitationMail({ studioName: c.studio.name, inviterName: displayName(p), role: c.role, link: c.link, expiresInDays: c.expiresInDays }),
  });
  audit(deps, request, 'member_invited', { userId: p.user.id, studioId, invitationId: issued.invitation.id, role: input.role, bound: email !== null, mailed: issued.mailed });
  if (issued.mailed) deps.mailQueued.notify();
  return issued;
}

export async function listInvitations(deps: AppDeps, studioId: string): Promise<InvitationRecord[]> {
  return deps.store.invitations.listPendingInvitations(studioId, deps.clock.now());
}

export async function revokeInvitation(deps: AppDeps, request: FastifyRequest, p: UserPrincipal, studioId: string, id: string): Promise<void> {
  if (!isIdOf('iv', id)) throw new AppError('invalid_id_format', 'An invitation id looks like iv_…');
  const pending = (await listInvitations(deps, studioId)).find((i) => i.id === id);
  if (pending === undefined) throw new AppError('not_found', 'No such pending invitation in this studio');
  if (pending.role === 'owner' && p.role !== 'owner') throw new AppError('insufficient_permissions', 'Only an owner can withdraw an invitation to become an owner');
  if ((await deps.store.invitations.revokeInvitation(studioId, id, deps.clock.now())) === null) throw new AppError('not_found', 'No such pending invitation in this studio');
  audit(deps, request, 'invitation_revoked', { userId: p.user.id, studioId, invitationId: id, role: pending.role });
}

/**
 * Every accept attempt counts against the client address, successful or not: a link holder cannot try email addresses
 * or usernames (a taken one is 409) without limit. 429 with Retry-After past the limit.
 */
export async function throttleAccept(deps: AppDeps, request: FastifyRequest): Promise<void> {
  const { acceptPerAddress, acceptWindow } = deps.config.invitations;
  const hit = await deps.resetCounter.hit(`invitation-accept:${request.ip}`, acceptWindow * 1000);
  if (hit.count > acceptPerAddress) throw new AppError('too_many_attempts', undefined, { retryAfter: hit.resetMs / 1000 });
}

export interface AcceptResult extends Omit<SwitchResult, 'studio'> {
  studio: PublicStudio;
  user: PublicUser;
}

function accepted(deps: AppDeps, request: FastifyRequest, done: AcceptedInvitation, newAccount: boolean): PublicStudio {
  audit(deps, request, 'invitation_accepted', { userId: done.user.id, studioId: done.studio.id, invitationId: done.invitation.id, role: done.role, newAccount });
  return { id: done.studio.id, name: done.studio.name, slug: done.studio.slug, role: done.role };
}

export interface NewAccountInput {
  email?: string | undefined;
  username: string;
  first_name?: string | undefined;
  last_name?: string | undefined;
  password: string;
}

/** A new account joins and is signed in (a new cookie session in the studio, as after a login; no fixation). */
export async function acceptWithNewAccount(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, token: string, account: NewAccountInput): Promise<AcceptResult> {
  const done = await acceptInvitationWithNewAccount(loginDeps(deps, request), token, {
    email: account.email, username: account.username, firstName: account.first_name ?? '', lastName: account.last_name ?? '', password: account.password,
  });
  const studio = accepted(deps, request, done, true);
  await deps.sessions.revokePresented(cookieValue(request.headers.cookie, deps.config.cookies.session), 'studio');
  const { csrfToken } = await deps.sessions.startCookieSession(jarOf(deps, request, reply), { userId: done.user.id, studioId: done.studio.id, device: deviceOf(request) });
  return { studio, user: toPublicUser(done.user), csrf_token: csrfToken };
}

/** The signed-in user joins; with `switchStudio`, their session (cookie, token or JWT) moves into the studio too. */
export async function acceptAsUser(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, p: UserPrincipal, token: string, options: { switchStudio: boolean }): Promise<AcceptResult> {
  if (p.scheme === 'pat') throw new AppError('insufficient_scope', 'Accept an invitation with a login, not a personal access token');
  const done = await acceptInvitationAsUser(deps, token, p.user);
  const studio = accepted(deps, request, done, false);
  if (!options.switchStudio || p.sessionId === null) return { studio, user: toPublicUser(p.user) };
  const { studio: _moved, ...rest } = await switchStudio(deps, request, reply, p, done.studio.id);
  return { studio, user: toPublicUser(p.user), ...rest };
}

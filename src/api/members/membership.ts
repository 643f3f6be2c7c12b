// A studio's people: list them, change a role, remove someone (or leave), hand over ownership. The last owner cannot
// go; an admin never makes, changes or removes an owner. A removed member's credentials in the studio end at once.
import { AppError } from '../../errors.ts';
import { isIdOf } from '../../lib/ids.ts';
import type { UserPrincipal } from '../../auth/principal.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { MemberChange, Role, StudioMember } from '../../store/types.ts';

export async function listMembers(deps: AppDeps, studioId: string): Promise<StudioMember[]> {
  return deps.store.studios.listStudioMembers(studioId);
}

/** One member of the studio, freshly read. */
export async function findMember(deps: AppDeps, studioId: string, userId: string): Promise<StudioMember> {
  const found = (await deps.store.studios.listStudioMembers(studioId)).find((m) => m.user.id === userId);
  if (found === undefined) throw noSuchMember();
  return found;
}

const noSuchMember = (): AppError => new AppError('not_found', 'No such member in this studio');

/** A user id of the right shape; the rest reads the same as someone who is not a member (no oracle beyond the studio). */
export function memberId(value: string): string {
  if (!isIdOf('us', value)) throw new AppError('invalid_id_format', 'A user id looks like us_…');
  return value;
}

/** What a refused change means to the caller. */
function refused(change: Exclude<MemberChange, { outcome: 'done' }>): AppError {
  switch (change.outcome) {
    case 'not_member': return noSuchMember();
    case 'last_owner': return new AppError('last_owner');
    case 'owner_protected': return new AppError('insufficient_permissions', 'Only an owner can change or remove an owner');
    case 'not_owner': return new AppError('insufficient_permissions', 'Only an owner can transfer ownership');
  }
}

/** Owners act on anyone; everyone else who may manage members (admins) leaves owners alone. */
const protectsOwners = (caller: UserPrincipal): boolean => caller.role !== 'owner';

export async function changeRole(deps: AppDeps, caller: UserPrincipal, studioId: string, userId: string, role: Role): Promise<{ member: StudioMember; previous: Role }> {
  if (role === 'owner' && caller.role !== 'owner') throw new AppError('insufficient_permissions', 'Only an owner can make someone an owner');
  const change = await deps.store.studios.changeMemberRole({ studioId, userId, role, protectOwners: protectsOwners(caller) });
  if (change.outcome !== 'done') throw refused(change);
  return { member: await findMember(deps, studioId, userId), previous: change.previous };
}

export interface EndedMembership {
  previous: Role;
  sessionsEnded: number;
  tokensRevoked: number;
}

/**
 * Ends the membership and, in the same transaction, every credential the person holds in this studio: cookie
 * sessions, token-mode tokens and JWT families (through the session manager), and the personal access tokens bound to
 * the studio. Their sessions in other studios stay. The cache drops the membership, the sessions and the tokens, so
 * the next request with any of them is refused (R41).
 */
export async function endMembership(deps: AppDeps, caller: UserPrincipal, studioId: string, userId: string): Promise<EndedMembership> {
  const protectOwners = userId !== caller.user.id && protectsOwners(caller);
  const result = await deps.store.transaction(async (tx) => {
    const change = await tx.studios.removeMember({ studioId, userId, protectOwners });
    if (change.outcome !== 'done') return { change, sessionsEnded: 0, tokensRevoked: 0 };
    const sessions = deps.sessions.within(tx);
    let sessionsEnded = 0;
    for (const s of await sessions.listForUser(userId)) {
      if (s.studioId === studioId && (await sessions.revokeOwn(userId, s.id))) sessionsEnded++;
    }
    let tokensRevoked = 0;
    const now = deps.clock.now();
    for (const t of await tx.accessTokens.listAccessTokens(userId)) {
      if (t.studioId === studioId && t.revokedAt === null && (await tx.accessTokens.revokeAccessToken(userId, t.id, now))) tokensRevoked++;
    }
    return { change, sessionsEnded, tokensRevoked };
  });
  if (result.change.outcome !== 'done') throw refused(result.change);
  return { previous: result.change.previous, sessionsEnded: result.sessionsEnded, tokensRevoked: result.tokensRevoked };
}

/** The target becomes an owner and the caller (an owner) an admin, in one change. */
export async function transferOwnership(deps: AppDeps, caller: UserPrincipal, studioId: string, userId: string): Promise<{ newOwner: StudioMember; previousOwner: StudioMember }> {
  if (userId === caller.user.id) throw new AppError('bad_request', 'You are an owner already: name another member');
  const change = await deps.store.studios.transferOwnership({ studioId, fromUserId: caller.user.id, toUserId: userId });
  if (change.outcome !== 'done') throw refused(change);
  const members = await deps.store.studios.listStudioMembers(studioId);
  const pick = (id: string): StudioMember => {
    const m = members.find((x) => x.user.id === id);
    if (m === undefined) throw noSuchMember();
    return m;
  };
  return { newOwner: pick(userId), previousOwner: pick(caller.user.id) };
}

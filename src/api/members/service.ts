// A studio's owners and admins see and end the sessions its members hold in that studio. Sessions in the member's
// other studios are not theirs to see; an admin cannot act on an owner.
import { AppError } from '../../errors.ts';
import type { UserPrincipal } from '../../auth/principal.ts';
import type { AppDeps } from '../../http/deps.ts';
import { fromSession, type AccountCredential } from '../../http/account.ts';
import type { SessionListing } from '../../store/types.ts';

async function memberSessions(deps: AppDeps, caller: UserPrincipal, studioId: string, userId: string): Promise<SessionListing[]> {
  const role = await deps.store.studios.findRole(userId, studioId);
  // Not a member of this studio reads the same as an unknown user: the route names no one outside the studio.
  if (role === null) throw new AppError('not_found', 'No such member in this studio');
  if (role === 'owner' && caller.role !== 'owner') throw new AppError('insufficient_permissions', 'Only an owner can manage an owner\'s sessions');
  return (await deps.sessions.listForUser(userId)).filter((s) => s.studioId === studioId);
}

export async function listMemberSessions(deps: AppDeps, caller: UserPrincipal, studioId: string, userId: string): Promise<AccountCredential[]> {
  return (await memberSessions(deps, caller, studioId, userId)).map((s) => fromSession(s, caller));
}

/** Ends the member's sessions in this studio (all of them, or the one named); returns how many ended. */
export async function endMemberSessions(deps: AppDeps, caller: UserPrincipal, studioId: string, userId: string, only?: string): Promise<number> {
  const sessions = await memberSessions(deps, caller, studioId, userId);
  const targets = only === undefined ? sessions : sessions.filter((s) => fromSession(s, caller).id === only);
  if (only !== undefined && targets.length === 0) throw new AppError('not_found', 'No such session of this member in this studio');
  let ended = 0;
  for (const s of targets) {
    if (await deps.sessions.revokeOwn(userId, s.id)) ended += 1;
  }
  return ended;
}

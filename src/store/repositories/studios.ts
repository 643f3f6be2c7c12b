// Studios (the organizations) and their memberships.
import type { Kysely, Selectable } from 'kysely';
import type { Database, Role, StudiosTable } from '../schema.ts';
import type { MemberChange, StudioMember, StudioMembership, StudioRecord, StudioStore } from '../types.ts';
import { generateId } from '../../lib/ids.ts';
import { mapUnique } from './errors.ts';
import { preparedQuery } from '../prepared.ts';
import { toUser } from './users.ts';

/** The studio's memberships, read while its lock is held: the owner count a change is judged by. */
type Roster = Map<string, Role>;

/**
 * Runs `fn` in a transaction (the caller's, when it is in one) that first takes the studio's row lock: a no-op UPDATE,
 * which PostgreSQL holds until commit and which makes a SQLite transaction a write transaction at once. Membership
 * changes of one studio therefore run one after another, and the last-owner check cannot be raced past.
 * Null when the studio does not exist.
 */
async function underStudioLock<T>(db: Kysely<Database>, studioId: string, fn: (tx: Kysely<Database>, roster: Roster) => Promise<T>): Promise<T | null> {
  const run = async (tx: Kysely<Database>): Promise<T | null> => {
    const locked = await tx.updateTable('studios').set((eb) => ({ slug: eb.ref('slug') })).where('id', '=', studioId).executeTakeFirst();
    if (Number(locked.numUpdatedRows) === 0) return null;
    const rows = await tx.selectFrom('memberships').select(['user_id', 'role']).where('studio_id', '=', studioId).execute();
    return fn(tx, new Map(rows.map((r) => [r.user_id, r.role])));
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

function ownerCount(roster: Roster): number {
  let owners = 0;
  for (const role of roster.values()) if (role === 'owner') owners++;
  return owners;
}

async function setRole(tx: Kysely<Database>, studioId: string, userId: string, role: Role): Promise<void> {
  await tx.updateTable('memberships').set({ role }).where('studio_id', '=', studioId).where('user_id', '=', userId).execute();
}

function toStudio(row: Selectable<StudiosTable>): StudioRecord {
  return { id: row.id, name: row.name, slug: row.slug, createdAt: Number(row.created_at) };
}

export function createStudioStore(db: Kysely<Database>): StudioStore {
  // Read by every login (the response lists the user's studios) and by requests whose studio list is not cached.
  const userStudios = preparedQuery(db, (userId: string) => db.selectFrom('memberships')
    .innerJoin('studios', 'studios.id', 'memberships.studio_id')
    .select(['studios.id', 'studios.name', 'studios.slug', 'studios.created_at', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at').orderBy('studios.id'));
  return {
    async createStudio(input): Promise<StudioRecord> {
      const row = { id: generateId('st'), name: input.name, slug: input.slug, created_at: input.now };
      await mapUnique(db.insertInto('studios').values(row).execute(), 'A studio with that name already exists');
      return toStudio(row);
    },
    async findStudioById(id: string): Promise<StudioRecord | null> {
      const row = await db.selectFrom('studios').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toStudio(row) : null;
    },
    async findStudioBySlug(slug: string): Promise<StudioRecord | null> {
      const row = await db.selectFrom('studios').selectAll().where('slug', '=', slug).executeTakeFirst();
      return row ? toStudio(row) : null;
    },
    async putMembership(input): Promise<void> {
      await db.insertInto('memberships')
        .values({ id: generateId('mb'), studio_id: input.studioId, user_id: input.userId, role: input.role, created_at: input.now })
        .onConflict((oc) => oc.columns(['studio_id', 'user_id']).doUpdateSet({ role: input.role }))
        .execute();
    },
    async addMember(input): Promise<boolean> {
      const r = await db.insertInto('memberships')
        .values({ id: generateId('mb'), studio_id: input.studioId, user_id: input.userId, role: input.role, created_at: input.now })
        .onConflict((oc) => oc.columns(['studio_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async listStudioMembers(studioId): Promise<StudioMember[]> {
      const rows = await db.selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .selectAll('users')
        .select(['memberships.role', 'memberships.created_at as joined_at'])
        .where('memberships.studio_id', '=', studioId)
        .orderBy('memberships.created_at').orderBy('users.id')
        .execute();
      return rows.map((r) => ({ user: toUser(r), role: r.role, joinedAt: Number(r.joined_at) }));
    },
    async changeMemberRole(input): Promise<MemberChange> {
      const result = await underStudioLock(db, input.studioId, async (tx, roster): Promise<MemberChange> => {
        const previous = roster.get(input.userId);
        if (previous === undefined) return { outcome: 'not_member' };
        if (input.protectOwners && previous === 'owner') return { outcome: 'owner_protected' };
        if (previous === 'owner' && input.role !== 'owner' && ownerCount(roster) === 1) return { outcome: 'last_owner' };
        if (previous !== input.role) await setRole(tx, input.studioId, input.userId, input.role);
        return { outcome: 'done', previous };
      });
      return result ?? { outcome: 'not_member' };
    },
    async removeMember(input): Promise<MemberChange> {
      const result = await underStudioLock(db, input.studioId, async (tx, roster): Promise<MemberChange> => {
        const previous = roster.get(input.userId);
        if (previous === undefined) return { outcome: 'not_member' };
        if (input.protectOwners && previous === 'owner') return { outcome: 'owner_protected' };
        if (previous === 'owner' && ownerCount(roster) === 1) return { outcome: 'last_owner' };
        await tx.deleteFrom('memberships').where('studio_id', '=', input.studioId).where('user_id', '=', input.userId).execute();
        return { outcome: 'done', previous };
      });
      return result ?? { outcome: 'not_member' };
    },
    async transferOwnership(input): Promise<MemberChange> {
      const result = await underStudioLock(db, input.studioId, async (tx, roster): Promise<MemberChange> => {
        if (roster.get(input.fromUserId) !== 'owner') return { outcome: 'not_owner' };
        // Handing the studio to oneself changes nothing (and must not leave it without an owner).
        if (input.fromUserId === input.toUserId) return { outcome: 'done', previous: 'owner' };
        const previous = roster.get(input.toUserId);
        if (previous === undefined) return { outcome: 'not_member' };
        await setRole(tx, input.studioId, input.toUserId, 'owner');
        await setRole(tx, input.studioId, input.fromUserId, 'admin');
        return { outcome: 'done', previous };
      });
      return result ?? { outcome: 'not_owner' };
    },
    async findRole(userId: string, studioId: string): Promise<Role | null> {
      const row = await db.selectFrom('memberships').select('role').where('user_id', '=', userId).where('studio_id', '=', studioId).executeTakeFirst();
      return row ? row.role : null;
    },
    async listUserStudios(userId: string): Promise<StudioMembership[]> {
      const { rows } = await userStudios(userId);
      return rows.map((r) => ({ studio: toStudio(r), role: r.role }));
    },
  };
}

// Studios (the organizations) and their memberships.
import type { Kysely, Selectable } from 'kysely';
import type { Database, Role, StudiosTable } from '../schema.ts';
import type { StudioMembership, StudioRecord, StudioStore } from '../types.ts';
import { generateId } from '../../lib/ids.ts';
import { mapUnique } from './errors.ts';
import { preparedQuery } from '../prepared.ts';

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

// Collections and their client access lists; every lookup but the visitor login's is scoped to a studio.
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { CollectionsTable, Database } from '../schema.ts';
import type { AccessListEntry, CollectionDelivery, CollectionFields, CollectionIndexEntry, CollectionRecord, CollectionStore, ExpiryCursor } from '../types.ts';
import { generateId } from '../../lib/ids.ts';
import { mapUnique } from './errors.ts';

type Row = Selectable<CollectionsTable> & { gallery_count: number | string | null; photo_count: number | string | null };

function toCollection(row: Row): CollectionRecord {
  return {
    id: row.id, studioId: row.studio_id, name: row.name, slug: row.slug, description: row.description,
    eventDate: row.event_date, coverPhotoId: row.cover_photo_id, passwordHash: row.password_hash,
    expiresAt: row.expires_at === null ? null : Number(row.expires_at), downloadable: row.downloadable,
    downloadPinHash: row.download_pin_hash, originalDownloadLimit: row.original_download_limit === null ? null : Number(row.original_download_limit),
    requireEmailConfirmation: Number(row.require_email_confirmation) === 1, published: Number(row.published) === 1,
    galleryCount: Number(row.gallery_count ?? 0), photoCount: Number(row.photo_count ?? 0),
    createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
  };
}

function withCounts(db: Kysely<Database>) {
  return db.selectFrom('collections').selectAll('collections').select((eb: ExpressionBuilder<Database, 'collections'>) => [
    eb.selectFrom('galleries').select((e) => e.fn.countAll<number>().as('n')).whereRef('galleries.collection_id', '=', 'collections.id').as('gallery_count'),
    eb.selectFrom('photos').select((e) => e.fn.countAll<number>().as('n')).whereRef('photos.collection_id', '=', 'collections.id').as('photo_count'),
  ]);
}

function fieldColumns(patch: Partial<CollectionFields> & Partial<CollectionDelivery> & { passwordHash?: string | null }): Partial<CollectionsTable> {
  const out: Partial<CollectionsTable> = {};
  if (patch.name !== undefined) out.name = patch.name;
  if (patch.description !== undefined) out.description = patch.description;
  if (patch.eventDate !== undefined) out.event_date = patch.eventDate;
  if (patch.coverPhotoId !== undefined) out.cover_photo_id = patch.coverPhotoId;
  if (patch.expiresAt !== undefined) out.expires_at = patch.expiresAt;
  if (patch.downloadable !== undefined) out.downloadable = patch.downloadable;
  if (patch.passwordHash !== undefined) out.password_hash = patch.passwordHash;
  if (patch.downloadPinHash !== undefined) out.download_pin_hash = patch.downloadPinHash;
  if (patch.originalDownloadLimit !== undefined) out.original_download_limit = patch.originalDownloadLimit;
  if (patch.requireEmailConfirmation !== undefined) out.require_email_confirmation = patch.requireEmailConfirmation ? 1 : 0;
  if (patch.published !== undefined) out.published = patch.published ? 1 : 0;
  return out;
}

/**
 * Collections of every studio closing in (after, until], soonest first, keyset-paged by (expires_at, id): what the
 * expiry reminders of the housekeeping walk (issue #20). Not studio-scoped, so it is no method of CollectionStore.
 */
export async function listCollectionsExpiring(db: Kysely<Database>, after: number, until: number, cursor: ExpiryCursor | null, limit: number): Promise<CollectionRecord[]> {
  let q = withCounts(db).where('collections.expires_at', '>', after).where('collections.expires_at', '<=', until);
  if (cursor !== null) {
    q = q.where((eb) => eb.or([
      eb('collections.expires_at', '>', cursor.expiresAt),
      eb.and([eb('collections.expires_at', '=', cursor.expiresAt), eb('collections.id', '>', cursor.id)]),
    ]));
  }
  const rows = await q.orderBy('collections.expires_at').orderBy('collections.id').limit(limit).execute();
  return rows.map(toCollection);
}

export function createCollectionStore(db: Kysely<Database>): CollectionStore {
  const find = async (studioId: string, id: string): Promise<CollectionRecord | null> => {
    const row = await withCounts(db).where('collections.studio_id', '=', studioId).where('collections.id', '=', id).executeTakeFirst();
    return row ? toCollection(row) : null;
  };
  return {
    async createCollection(studioId, input, now): Promise<CollectionRecord> {
      const id = generateId('co');
      await mapUnique(db.insertInto('collections').values({
        id, studio_id: studioId, name: input.name, slug: input.slug, description: input.description, event_date: input.eventDate,
        cover_photo_id: input.coverPhotoId, password_hash: input.passwordHash, expires_at: input.expiresAt,
        downloadable: input.downloadable, download_pin_hash: input.downloadPinHash ?? null,
        original_download_limit: input.originalDownloadLimit ?? null, require_email_confirmation: input.requireEmailConfirmation === true ? 1 : 0,
        published: input.published === false ? 0 : 1, created_at: now, updated_at: now,
      }).execute(), 'A collection with that slug already exists');
      return (await find(studioId, id)) as CollectionRecord;
    },
    findCollection: find,
    async findCollectionByIdOrSlug(idOrSlug: string): Promise<CollectionRecord | null> {
      const row = await withCounts(db).where((eb) => eb.or([eb('collections.id', '=', idOrSlug), eb('collections.slug', '=', idOrSlug)])).executeTakeFirst();
      return row ? toCollection(row) : null;
    },
    async updateCollection(studioId, id, patch, now): Promise<CollectionRecord | null> {
      const r = await db.updateTable('collections').set({ ...fieldColumns(patch), updated_at: now })
        .where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0 ? find(studioId, id) : null;
    },
    async deleteCollection(studioId: string, id: string): Promise<boolean> {
      const r = await db.deleteFrom('collections').where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listCollectionIndex(studioId): Promise<CollectionIndexEntry[]> {
      const rows = await db.selectFrom('collections').select(['id', 'name', 'slug', 'event_date', 'created_at'])
        .where('studio_id', '=', studioId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map((r) => ({ id: r.id, name: r.name, slug: r.slug, eventDate: r.event_date, createdAt: Number(r.created_at) }));
    },
    async listCollectionsByIds(studioId, ids): Promise<CollectionRecord[]> {
      if (ids.length === 0) return [];
      const rows = await withCounts(db).where('collections.studio_id', '=', studioId).where('collections.id', 'in', [...ids]).execute();
      const byId = new Map(rows.map((r) => [r.id, toCollection(r)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    async replaceAccessList(collectionId: string, entries: readonly AccessListEntry[]): Promise<void> {
      await db.deleteFrom('collection_clients').where('collection_id', '=', collectionId).execute();
      if (entries.length === 0) return;
      await db.insertInto('collection_clients')
        .values(entries.map((e) => ({ collection_id: collectionId, email: e.email, email_key: e.emailKey, created_at: e.createdAt })))
        .execute();
    },
    async listAccessList(collectionId: string): Promise<AccessListEntry[]> {
      const rows = await db.selectFrom('collection_clients').selectAll().where('collection_id', '=', collectionId)
        .orderBy('created_at').orderBy('email_key').execute();
      return rows.map((r) => ({ email: r.email, emailKey: r.email_key, createdAt: Number(r.created_at) }));
    },
    async listCollectionsOfEmails(studioId, emailKeys): Promise<Map<string, Array<{ id: string; name: string }>>> {
      const out = new Map<string, Array<{ id: string; name: string }>>(emailKeys.map((k) => [k, []]));
      if (emailKeys.length === 0) return out;
      const rows = await db.selectFrom('collection_clients').innerJoin('collections', 'collections.id', 'collection_clients.collection_id')
        .select(['collection_clients.email_key', 'collections.id', 'collections.name'])
        .where('collections.studio_id', '=', studioId).where('collection_clients.email_key', 'in', [...emailKeys])
        .orderBy('collections.name').orderBy('collections.id').execute();
      for (const r of rows) out.get(r.email_key)?.push({ id: r.id, name: r.name });
      return out;
    },
  };
}

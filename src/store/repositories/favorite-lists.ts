// A visitor's favorite lists and the photos in them; the default list is the one whose default_key is the owner's key.
import { sql, type Kysely, type Selectable } from 'kysely';
import { DEFAULT_LIST_NAME, type Database, type FavoriteListsTable } from '../schema.ts';
import type { FavoriteListRecord, FavoriteListStore, ListMembership, ListedPhotoRecord } from '../types.ts';
import { generateId } from '../../lib/ids.ts';
import { isUniqueViolation, mapUnique } from './errors.ts';

type Row = Selectable<FavoriteListsTable> & { photo_count: number | string | null };

/** Bound parameters per `in (…)` list: far under SQLite's and PostgreSQL's limits. */
export const IN_CHUNK = 500;

export function chunks<T>(values: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

function toList(r: Row): FavoriteListRecord {
  return {
    id: r.id, collectionId: r.collection_id, email: r.email, emailKey: r.email_key, name: r.name, isDefault: r.default_key !== null,
    photoCount: Number(r.photo_count ?? 0), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
}

function withCounts(db: Kysely<Database>) {
  return db.selectFrom('favorite_lists').selectAll('favorite_lists').select((eb) => eb.selectFrom('favorite_list_photos')
    .select((e) => e.fn.countAll<number>().as('n')).whereRef('favorite_list_photos.list_id', '=', 'favorite_lists.id').as('photo_count'));
}

const TAKEN = 'You already have a list with that name';
const defaultLast = sql<number>`case when favorite_lists.default_key is null then 1 else 0 end`;

export function createFavoriteListStore(db: Kysely<Database>): FavoriteListStore {
  const findDefault = async (collectionId: string, emailKey: string): Promise<FavoriteListRecord | null> => {
    const row = await withCounts(db).where('favorite_lists.collection_id', '=', collectionId).where('favorite_lists.default_key', '=', emailKey).executeTakeFirst();
    return row ? toList(row) : null;
  };
  const find = async (collectionId: string, emailKey: string, id: string): Promise<FavoriteListRecord | null> => {
    const row = await withCounts(db).where('favorite_lists.collection_id', '=', collectionId).where('favorite_lists.email_key', '=', emailKey)
      .where('favorite_lists.id', '=', id).executeTakeFirst();
    return row ? toList(row) : null;
  };
  return {
    async ensureDefaultList(collectionId, owner, now): Promise<FavoriteListRecord> {
      const existing = await findDefault(collectionId, owner.emailKey);
      if (existing) return existing;
      try {
        await db.insertInto('favorite_lists').values({
          id: generateId('fl'), collection_id: collectionId, email: owner.email, email_key: owner.emailKey, name: DEFAULT_LIST_NAME,
          name_key: DEFAULT_LIST_NAME.toLowerCase(), default_key: owner.emailKey, created_at: now, updated_at: now,
        }).onConflict((oc) => oc.columns(['collection_id', 'default_key']).doNothing()).execute();
      } catch (err) {
        // Another list already holds the default's name: the default is still missing, which the next line reports.
        if (!isUniqueViolation(err)) throw err;
      }
      const created = await findDefault(collectionId, owner.emailKey);
      if (!created) throw new Error('the default favorite list could not be created');
      return created;
    },
    async createList(collectionId, owner, name, now): Promise<FavoriteListRecord> {
      const id = generateId('fl');
      await mapUnique(db.insertInto('favorite_lists').values({
        id, collection_id: collectionId, email: owner.email, email_key: owner.emailKey, name: name.name, name_key: name.nameKey,
        default_key: null, created_at: now, updated_at: now,
      }).execute(), TAKEN);
      return (await find(collectionId, owner.emailKey, id)) as FavoriteListRecord;
    },
    findList: find,
    async renameList(collectionId, emailKey, id, name, now): Promise<FavoriteListRecord | null> {
      const r = await mapUnique(db.updateTable('favorite_lists').set({ name: name.name, name_key: name.nameKey, updated_at: now })
        .where('collection_id', '=', collectionId).where('email_key', '=', emailKey).where('id', '=', id).executeTakeFirst(), TAKEN);
      return Number(r.numUpdatedRows) > 0 ? find(collectionId, emailKey, id) : null;
    },
    async deleteList(collectionId, emailKey, id): Promise<boolean> {
      const r = await db.deleteFrom('favorite_lists').where('collection_id', '=', collectionId).where('email_key', '=', emailKey)
        .where('id', '=', id).where('default_key', 'is', null).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listOwnerLists(collectionId, emailKey): Promise<FavoriteListRecord[]> {
      const rows = await withCounts(db).where('favorite_lists.collection_id', '=', collectionId).where('favorite_lists.email_key', '=', emailKey)
        .orderBy(defaultLast).orderBy('favorite_lists.created_at').orderBy('favorite_lists.id').execute();
      return rows.map(toList);
    },
    async addListPhoto(list, photoId, now): Promise<boolean> {
      const r = await db.insertInto('favorite_list_photos').values({ list_id: list.id, photo_id: photoId, collection_id: list.collectionId, created_at: now })
        .onConflict((oc) => oc.columns(['list_id', 'photo_id']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async removeListPhoto(listId, photoId): Promise<boolean> {
      const r = await db.deleteFrom('favorite_list_photos').where('list_id', '=', listId).where('photo_id', '=', photoId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listListPhotos(listId, page): Promise<{ items: Array<{ photoId: string; addedAt: number }>; total: number }> {
      const rows = await db.selectFrom('favorite_list_photos').select(['photo_id', 'created_at']).where('list_id', '=', listId)
        .orderBy('created_at', 'desc').orderBy('photo_id').limit(page.limit).offset(page.offset).execute();
      const count = await db.selectFrom('favorite_list_photos').select((eb) => eb.fn.countAll<number | string>().as('n')).where('list_id', '=', listId).executeTakeFirstOrThrow();
      return { total: Number(count.n), items: rows.map((r) => ({ photoId: r.photo_id, addedAt: Number(r.created_at) })) };
    },
    async listAllListPhotoIds(listId, max): Promise<string[]> {
      const rows = await db.selectFrom('favorite_list_photos').select('photo_id').where('list_id', '=', listId)
        .orderBy('created_at', 'desc').orderBy('photo_id').limit(max).execute();
      return rows.map((r) => r.photo_id);
    },
    async listMemberships(collectionId, emailKey, photoIds): Promise<ListMembership[]> {
      const out: ListMembership[] = [];
      for (const ids of chunks(photoIds)) {
        const rows = await db.selectFrom('favorite_list_photos').innerJoin('favorite_lists', 'favorite_lists.id', 'favorite_list_photos.list_id')
          .select(['favorite_list_photos.photo_id', 'favorite_list_photos.list_id', 'favorite_lists.default_key'])
          .where('favorite_lists.collection_id', '=', collectionId).where('favorite_lists.email_key', '=', emailKey)
          .where('favorite_list_photos.photo_id', 'in', ids).execute();
        for (const r of rows) out.push({ photoId: r.photo_id, listId: r.list_id, isDefault: r.default_key !== null });
      }
      return out;
    },
    async listCollectionLists(collectionId, page): Promise<{ items: FavoriteListRecord[]; total: number }> {
      const rows = await withCounts(db).where('favorite_lists.collection_id', '=', collectionId)
        .orderBy('favorite_lists.email_key').orderBy(defaultLast).orderBy('favorite_lists.created_at').orderBy('favorite_lists.id')
        .limit(page.limit).offset(page.offset).execute();
      const count = await db.selectFrom('favorite_lists').select((eb) => eb.fn.countAll<number | string>().as('n')).where('collection_id', '=', collectionId).executeTakeFirstOrThrow();
      return { total: Number(count.n), items: rows.map(toList) };
    },
    async listCollectionListPhotos(collectionId, filter, page): Promise<{ items: ListedPhotoRecord[]; total: number }> {
      let rows = db.selectFrom('favorite_list_photos')
        .innerJoin('favorite_lists', 'favorite_lists.id', 'favorite_list_photos.list_id')
        .innerJoin('photos', 'photos.id', 'favorite_list_photos.photo_id')
        .leftJoin('photo_notes', (join) => join.onRef('photo_notes.photo_id', '=', 'favorite_list_photos.photo_id').onRef('photo_notes.email_key', '=', 'favorite_lists.email_key'))
        .select(['favorite_list_photos.list_id', 'favorite_lists.name', 'favorite_lists.default_key', 'favorite_list_photos.photo_id', 'photos.gallery_id',
          'photos.filename', 'favorite_lists.email', 'photo_notes.note', 'favorite_list_photos.created_at'])
        .where('favorite_list_photos.collection_id', '=', collectionId);
      let count = db.selectFrom('favorite_list_photos').select((eb) => eb.fn.countAll<number | string>().as('n')).where('collection_id', '=', collectionId);
      if (filter.listId !== null) {
        rows = rows.where('favorite_list_photos.list_id', '=', filter.listId);
        count = count.where('list_id', '=', filter.listId);
      }
      const items = await rows.orderBy('favorite_list_photos.created_at', 'desc').orderBy('favorite_list_photos.list_id').orderBy('favorite_list_photos.photo_id')
        .limit(page.limit).offset(page.offset).execute();
      const total = await count.executeTakeFirstOrThrow();
      return {
        total: Number(total.n),
        items: items.map((r) => ({
          listId: r.list_id, listName: r.name, isDefault: r.default_key !== null, photoId: r.photo_id, galleryId: r.gallery_id,
          filename: r.filename, email: r.email, note: r.note ?? null, createdAt: Number(r.created_at),
        })),
      };
    },
  };
}

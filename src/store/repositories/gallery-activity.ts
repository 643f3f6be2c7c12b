// What gallery visitors do in a collection: recorded visits, favorites and downloads.
import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Database, DownloadsTable } from '../schema.ts';
import type { ActivityDay, ActivityEvent, ActivityTotals, DownloadRecord, FavoriteRecord, GalleryActivityStore, KeysetCursor, VisitorRecord } from '../types.ts';
import { createFavoriteListStore } from './favorite-lists.ts';

const DAY_MS = 86_400_000;

function toDownload(r: Selectable<DownloadsTable>): DownloadRecord {
  return {
    id: r.id, studioId: r.studio_id, collectionId: r.collection_id, photoId: r.photo_id, email: r.email,
    size: r.size === 'original' ? 'original' : 'web-size', bytes: Number(r.bytes), createdAt: Number(r.created_at),
  };
}

/** One keyset page of a collection's downloads, newest first, seeking into (collection_id, created_at, id); exported for the EXPLAIN test. */
export function downloadsAfterQuery(db: Kysely<Database>, collectionId: string, after: KeysetCursor | null, limit: number): SelectQueryBuilder<Database, 'downloads', Selectable<DownloadsTable>> {
  let query = db.selectFrom('downloads').selectAll().where('collection_id', '=', collectionId);
  if (after !== null) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)));
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
}

export function createGalleryActivityStore(db: Kysely<Database>): GalleryActivityStore {
  const lists = createFavoriteListStore(db);
  return {
    async recordVisit(collectionId, visitor, now): Promise<void> {
      await db.insertInto('collection_visit_events').values({ collection_id: collectionId, email: visitor.email, created_at: now }).execute();
      await db.insertInto('collection_visitors')
        .values({ collection_id: collectionId, email: visitor.email, email_key: visitor.emailKey, visits: 1, first_seen_at: now, last_seen_at: now })
        .onConflict((oc) => oc.columns(['collection_id', 'email_key']).doUpdateSet((eb) => ({
          visits: eb('collection_visitors.visits', '+', 1), last_seen_at: now, email: visitor.email,
        })))
        .execute();
    },
    async listVisitors(collectionId, page): Promise<{ items: VisitorRecord[]; total: number }> {
      const rows = await db.selectFrom('collection_visitors').selectAll().where('collection_id', '=', collectionId)
        .orderBy('last_seen_at', 'desc').orderBy('email_key').limit(page.limit).offset(page.offset).execute();
      const count = await db.selectFrom('collection_visitors').select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('collection_id', '=', collectionId).executeTakeFirstOrThrow();
      return {
        total: Number(count.n),
        items: rows.map((r) => ({ email: r.email, visits: Number(r.visits), firstSeenAt: Number(r.first_seen_at), lastSeenAt: Number(r.last_seen_at) })),
      };
    },
    // The flat favorites API reads and writes the visitor's default list (migration 0018).
    async addFavorite(collectionId, photoId, visitor, now): Promise<boolean> {
      const list = await lists.ensureDefaultList(collectionId, visitor, now);
      return lists.addListPhoto(list, photoId, now);
    },
    async removeFavorite(collectionId, photoId, emailKey): Promise<boolean> {
      const list = await db.selectFrom('favorite_lists').select('id').where('collection_id', '=', collectionId).where('default_key', '=', emailKey).executeTakeFirst();
      return list ? lists.removeListPhoto(list.id, photoId) : false;
    },
    async listFavorites(collectionId, filter, page): Promise<{ items: FavoriteRecord[]; total: number }> {
      const base = db.selectFrom('favorite_list_photos').innerJoin('favorite_lists', 'favorite_lists.id', 'favorite_list_photos.list_id')
        .where('favorite_list_photos.collection_id', '=', collectionId)
        .where((eb) => (filter.emailKey === null ? eb('favorite_lists.default_key', 'is not', null) : eb('favorite_lists.default_key', '=', filter.emailKey)));
      const items = await base.innerJoin('photos', 'photos.id', 'favorite_list_photos.photo_id')
        .select(['favorite_list_photos.photo_id', 'photos.gallery_id', 'photos.filename', 'favorite_lists.email', 'favorite_list_photos.created_at'])
        .orderBy('favorite_list_photos.created_at', 'desc').orderBy('favorite_list_photos.photo_id').limit(page.limit).offset(page.offset).execute();
      const total = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return {
        total: Number(total.n),
        items: items.map((r) => ({ photoId: r.photo_id, galleryId: r.gallery_id, filename: r.filename, email: r.email, createdAt: Number(r.created_at) })),
      };
    },
    async listFavoritePhotoIds(collectionId, emailKey, photoIds): Promise<string[]> {
      if (photoIds.length === 0) return [];
      return (await lists.listMemberships(collectionId, emailKey, photoIds)).filter((m) => m.isDefault).map((m) => m.photoId);
    },
    async recordDownload(d: DownloadRecord): Promise<void> {
      await db.insertInto('downloads').values({
        id: d.id, studio_id: d.studioId, collection_id: d.collectionId, photo_id: d.photoId, email: d.email, size: d.size, bytes: d.bytes, created_at: d.createdAt,
      }).execute();
    },
    async listDownloads(collectionId, page): Promise<{ items: DownloadRecord[]; total: number }> {
      const rows = await db.selectFrom('downloads').selectAll().where('collection_id', '=', collectionId)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
      const count = await db.selectFrom('downloads').select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('collection_id', '=', collectionId).executeTakeFirstOrThrow();
      return { total: Number(count.n), items: rows.map(toDownload) };
    },
    async listDownloadsAfter(collectionId, after, limit): Promise<DownloadRecord[]> {
      return (await downloadsAfterQuery(db, collectionId, after, limit).execute()).map(toDownload);
    },
    async activityByDay(collectionId, since): Promise<ActivityDay[]> {
      const day = (column: string) => sql<number>`${sql.ref(column)} / ${sql.lit(DAY_MS)}`;
      const [visits, favorites, downloads] = await Promise.all([
        db.selectFrom('collection_visit_events').select([day('created_at').as('day'), (eb) => eb.fn.countAll<number | string>().as('n')])
          .where('collection_id', '=', collectionId).where('created_at', '>=', since).groupBy(day('created_at')).execute(),
        db.selectFrom('favorite_list_photos').select([day('created_at').as('day'), (eb) => eb.fn.countAll<number | string>().as('n')])
          .where('collection_id', '=', collectionId).where('created_at', '>=', since).groupBy(day('created_at')).execute(),
        db.selectFrom('downloads').select([day('created_at').as('day'), (eb) => eb.fn.countAll<number | string>().as('n')])
          .where('collection_id', '=', collectionId).where('created_at', '>=', since).groupBy(day('created_at')).execute(),
      ]);
      const days = new Map<number, ActivityDay>();
      const at = (d: number | string): ActivityDay => {
        const key = Math.floor(Number(d));
        let entry = days.get(key);
        if (entry === undefined) days.set(key, (entry = { day: key, visits: 0, favorites: 0, downloads: 0 }));
        return entry;
      };
      for (const r of visits) at(r.day).visits += Number(r.n);
      for (const r of favorites) at(r.day).favorites += Number(r.n);
      for (const r of downloads) at(r.day).downloads += Number(r.n);
      return [...days.values()].sort((a, b) => a.day - b.day);
    },
    async recentActivity(collectionId, limit): Promise<ActivityEvent[]> {
      const [visits, favorites, downloads] = await Promise.all([
        db.selectFrom('collection_visit_events').select(['email', 'created_at']).where('collection_id', '=', collectionId)
          .orderBy('created_at', 'desc').limit(limit).execute(),
        db.selectFrom('favorite_list_photos').innerJoin('favorite_lists', 'favorite_lists.id', 'favorite_list_photos.list_id')
          .innerJoin('photos', 'photos.id', 'favorite_list_photos.photo_id')
          .select(['favorite_lists.email', 'photos.filename', 'favorite_list_photos.created_at']).where('favorite_list_photos.collection_id', '=', collectionId)
          .orderBy('favorite_list_photos.created_at', 'desc').limit(limit).execute(),
        db.selectFrom('downloads').leftJoin('photos', 'photos.id', 'downloads.photo_id').select(['downloads.email', 'photos.filename', 'downloads.size', 'downloads.created_at'])
          .where('downloads.collection_id', '=', collectionId).orderBy('downloads.created_at', 'desc').limit(limit).execute(),
      ]);
      const events: ActivityEvent[] = [
        ...visits.map((r) => ({ at: Number(r.created_at), kind: 'visit' as const, email: r.email, filename: null, size: null })),
        ...favorites.map((r) => ({ at: Number(r.created_at), kind: 'favorite' as const, email: r.email, filename: r.filename, size: null })),
        ...downloads.map((r) => ({ at: Number(r.created_at), kind: 'download' as const, email: r.email, filename: r.filename ?? null, size: r.size })),
      ];
      return events.sort((a, b) => b.at - a.at).slice(0, limit);
    },
    async deleteVisitEventsBefore(before): Promise<number> {
      const result = await db.deleteFrom('collection_visit_events').where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async activityTotals(collectionIds): Promise<Map<string, ActivityTotals>> {
      const totals = new Map<string, ActivityTotals>(collectionIds.map((id) => [id, { visits: 0, favorites: 0, downloads: 0 }]));
      if (collectionIds.length === 0) return totals;
      const ids = [...collectionIds];
      const [visits, favorites, downloads] = await Promise.all([
        db.selectFrom('collection_visitors').select(['collection_id', (eb) => eb.fn.sum<number | string>('visits').as('n')]).where('collection_id', 'in', ids).groupBy('collection_id').execute(),
        db.selectFrom('favorite_list_photos').select(['collection_id', (eb) => eb.fn.countAll<number | string>().as('n')]).where('collection_id', 'in', ids).groupBy('collection_id').execute(),
        db.selectFrom('downloads').select(['collection_id', (eb) => eb.fn.countAll<number | string>().as('n')]).where('collection_id', 'in', ids).groupBy('collection_id').execute(),
      ]);
      for (const r of visits) (totals.get(r.collection_id) as ActivityTotals).visits = Number(r.n ?? 0);
      for (const r of favorites) (totals.get(r.collection_id) as ActivityTotals).favorites = Number(r.n);
      for (const r of downloads) (totals.get(r.collection_id) as ActivityTotals).downloads = Number(r.n);
      return totals;
    },
  };
}

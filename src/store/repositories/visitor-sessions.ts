// Gallery-visitor sessions, keyed by the SHA-256 of their token, apart from studio sessions.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.ts';
import type { VisitorSessionRecord, VisitorSessionStore } from '../types.ts';

type Row = Selectable<Database['visitor_sessions']>;

function toRecord(r: Row): VisitorSessionRecord {
  return {
    id: r.id, studioId: r.studio_id, collectionId: r.collection_id, email: r.email,
    createdAt: Number(r.created_at), lastSeenAt: Number(r.last_seen_at), expiresAt: Number(r.expires_at),
  };
}

export function createVisitorSessionStore(db: Kysely<Database>): VisitorSessionStore {
  return {
    async createVisitorSession(s: VisitorSessionRecord): Promise<void> {
      await db.insertInto('visitor_sessions').values({
        id: s.id, studio_id: s.studioId, collection_id: s.collectionId, email: s.email,
        created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt,
      }).execute();
    },
    async findVisitorSession(id: string): Promise<VisitorSessionRecord | null> {
      const r = await db.selectFrom('visitor_sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toRecord(r) : null;
    },
    async listCollectionVisitorSessions(collectionId: string): Promise<VisitorSessionRecord[]> {
      const rows = await db.selectFrom('visitor_sessions').selectAll().where('collection_id', '=', collectionId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },
    async touchVisitorSession(id: string, lastSeenAt: number): Promise<void> {
      await db.updateTable('visitor_sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).where('last_seen_at', '<', lastSeenAt).execute();
    },
    async deleteVisitorSession(id: string): Promise<void> {
      await db.deleteFrom('visitor_sessions').where('id', '=', id).execute();
    },
    async deleteCollectionVisitorSessions(collectionId: string): Promise<number> {
      const r = await db.deleteFrom('visitor_sessions').where('collection_id', '=', collectionId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteExpiredVisitorSessions(now: number, idleMs: number): Promise<number> {
      const r = await db.deleteFrom('visitor_sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - idleMs)])).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

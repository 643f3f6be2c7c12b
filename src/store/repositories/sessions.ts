// Sessions, keyed by the SHA-256 of their token.
import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from '../schema.ts';
import type { SessionRecord, SessionStore } from '../types.ts';

function toSession(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    studioId: row.studio_id,
    kind: row.kind,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
  };
}

export function createSessionStore(db: Kysely<Database>): SessionStore {
  return {
    async createSession(s: SessionRecord): Promise<void> {
      await db.insertInto('sessions').values({
        id: s.id, user_id: s.userId, studio_id: s.studioId, kind: s.kind,
        created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt,
      }).execute();
    },
    async setSessionStudio(id: string, studioId: string | null): Promise<void> {
      await db.updateTable('sessions').set({ studio_id: studioId }).where('id', '=', id).execute();
    },
    async findSession(id: string): Promise<SessionRecord | null> {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSession(row) : null;
    },
    async touchSession(id: string, lastSeenAt: number): Promise<void> {
      // Never move last_seen backwards when two instances touch at once.
      await db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).where('last_seen_at', '<', lastSeenAt).execute();
    },
    async deleteSession(id: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteUserSessions(userId: string): Promise<number> {
      const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteExpiredSessions(now: number, idleMs: number): Promise<number> {
      const r = await db.deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - idleMs)]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

// Sessions, keyed by the SHA-256 of their token.
import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from '../schema.ts';
import type { SessionDevice, SessionListing, SessionRecord, SessionStore, SessionWithUser } from '../types.ts';
import { preparedQuery } from '../prepared.ts';
import { toUser } from './users.ts';
import { mapUnique } from './errors.ts';

type SessionColumns = Omit<Selectable<SessionsTable>, 'client_ip' | 'user_agent'>;

function toSession(row: SessionColumns): SessionRecord {
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
  // Every login writes a session and every uncached session request reads or touches one: compiled once.
  const insert = preparedQuery(db, (id: string, userId: string, studioId: string | null, kind: SessionRecord['kind'], createdAt: number, lastSeenAt: number, expiresAt: number, clientIp: string | null, userAgent: string | null) =>
    db.insertInto('sessions').values({ id, user_id: userId, studio_id: studioId, kind, created_at: createdAt, last_seen_at: lastSeenAt, expires_at: expiresAt, client_ip: clientIp, user_agent: userAgent }));
  const find = preparedQuery(db, (id: string) => db.selectFrom('sessions').selectAll().where('id', '=', id));
  // Issue #17: a cookie, token-mode or JWT request reads session, user and role in this one statement, not three.
  // The membership join is a left join on the session's own studio: a removed membership leaves role null rather than
  // hiding the session, and a session without a studio matches no membership at all.
  const findWithUser = preparedQuery(db, (id: string) => db.selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('memberships', (join) => join
      .onRef('memberships.user_id', '=', 'sessions.user_id')
      .onRef('memberships.studio_id', '=', 'sessions.studio_id'))
    .select([
      'sessions.id as session_id', 'sessions.studio_id as session_studio_id', 'sessions.kind as session_kind',
      'sessions.created_at as session_created_at', 'sessions.last_seen_at as session_last_seen_at', 'sessions.expires_at as session_expires_at',
      'users.id', 'users.email', 'users.email_key', 'users.username', 'users.username_key', 'users.first_name', 'users.last_name',
      'users.password_hash', 'users.created_at', 'users.updated_at', 'users.disabled_at', 'users.locked_at',
      'memberships.role',
    ])
    .where('sessions.id', '=', id));
  // Never move last_seen backwards when two instances touch at once.
  const touch = preparedQuery(db, (id: string, lastSeenAt: number) =>
    db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).where('last_seen_at', '<', lastSeenAt));
  return {
    async createSession(s: SessionRecord, device?: SessionDevice): Promise<void> {
      // The message never carries the id: it is a token hash.
      await mapUnique(insert(s.id, s.userId, s.studioId, s.kind, s.createdAt, s.lastSeenAt, s.expiresAt, device?.clientIp ?? null, device?.userAgent ?? null), 'A session with that id already exists');
    },
    async listUserSessions(userId: string): Promise<SessionListing[]> {
      const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map((row) => ({ ...toSession(row), clientIp: row.client_ip, userAgent: row.user_agent }));
    },
    async setSessionStudio(id: string, studioId: string | null): Promise<void> {
      await db.updateTable('sessions').set({ studio_id: studioId }).where('id', '=', id).execute();
    },
    async findSession(id: string): Promise<SessionRecord | null> {
      const row = (await find(id)).rows[0];
      return row ? toSession(row) : null;
    },
    async findSessionWithUser(id: string): Promise<SessionWithUser | null> {
      const row = (await findWithUser(id)).rows[0];
      if (!row) return null;
      const session = toSession({
        id: row.session_id, user_id: row.id, studio_id: row.session_studio_id, kind: row.session_kind,
        created_at: row.session_created_at, last_seen_at: row.session_last_seen_at, expires_at: row.session_expires_at,
      });
      return { session, user: toUser(row), role: row.role ?? null };
    },
    async touchSession(id: string, lastSeenAt: number): Promise<void> {
      await touch(id, lastSeenAt);
    },
    async deleteSession(id: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteUserSessions(userId: string): Promise<number> {
      const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteUserSessionsExcept(userId: string, keepId: string): Promise<number> {
      const r = await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '<>', keepId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteExpiredSessions(now: number, idleMs: number): Promise<number> {
      const r = await db.deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - idleMs)]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async countLiveSessions(now: number, idleMs: number): Promise<Record<SessionRecord['kind'], number>> {
      const rows = await db.selectFrom('sessions')
        .select(['kind', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
        .where('expires_at', '>', now).where('last_seen_at', '>', now - idleMs)
        .groupBy('kind')
        .execute();
      const counts: Record<SessionRecord['kind'], number> = { cookie: 0, token: 0, jwt: 0 };
      for (const row of rows) counts[row.kind] = Number(row.n);
      return counts;
    },
  };
}

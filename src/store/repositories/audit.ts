// The audit log: append, read a studio's events newest first by keyset (time, id), and drop what retention allows.
import type { Insertable, Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { AuditEventsTable, Database } from '../schema.ts';
import type { AuditCursor, AuditEventRecord, AuditFilter, AuditStore } from '../types.ts';
import { generateId } from '../../lib/ids.ts';

function parseData(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function toEvent(r: Selectable<AuditEventsTable>): AuditEventRecord {
  return {
    id: r.id, studioId: r.studio_id, actorId: r.actor_id, kind: r.kind, clientIp: r.client_ip, userAgent: r.user_agent,
    data: parseData(r.data), createdAt: Number(r.created_at),
  };
}

/** A studio's events newest first, after `cursor` when given; exported so a test can EXPLAIN the query the store runs. */
export function auditEventsQuery(
  db: Kysely<Database>, studioId: string, filter: AuditFilter, cursor: AuditCursor | null, limit: number,
): SelectQueryBuilder<Database, 'audit_events', Selectable<AuditEventsTable>> {
  let q = db.selectFrom('audit_events').selectAll().where('studio_id', '=', studioId);
  if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
  if (filter.kinds !== undefined && filter.kinds.length > 0) q = q.where('kind', 'in', [...filter.kinds]);
  if (filter.since !== undefined) q = q.where('created_at', '>=', filter.since);
  if (filter.until !== undefined) q = q.where('created_at', '<', filter.until);
  if (cursor !== null) {
    const { createdAt, id } = cursor;
    // A row comparison, not `a < x or (a = x and id < y)`: PostgreSQL seeks into the index with it, where the OR
    // form is a filter over every newer event of the studio, so the last page would cost the most.
    q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(createdAt, id)));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
}

/** Rows in one INSERT at most: 8 parameters each, far below SQLite's and PostgreSQL's limits on bound parameters. */
export const AUDIT_BATCH_MAX = 500;

interface Waiting {
  row: Insertable<AuditEventsTable>;
  settle: (err?: unknown) => void;
}

/**
 * Group commit: the events recorded in one turn of the event loop go to the database as one INSERT, so one commit
 * (and, on SQLite with synchronous = FULL, one fsync) instead of one each. A login storm records an event for every
 * refused attempt; one fsync apiece held the event loop for as long as the disk took, and a slow disk turned that
 * into seconds for every other request. Each caller still waits for its own row to be committed, so nothing is
 * acknowledged before it is recorded; a failed INSERT fails every caller of its batch.
 */
function groupCommitter(db: Kysely<Database>): (row: Insertable<AuditEventsTable>) => Promise<void> {
  let pending: Waiting[] = [];
  const flush = async (batch: Waiting[]): Promise<void> => {
    try {
      await db.insertInto('audit_events').values(batch.map((w) => w.row)).execute();
      for (const w of batch) w.settle();
    } catch (err) {
      for (const w of batch) w.settle(err);
    }
  };
  return (row) => new Promise<void>((resolve, reject) => {
    if (pending.length === 0) {
      setImmediate(() => {
        const batches: Waiting[][] = [];
        for (let i = 0; i < pending.length; i += AUDIT_BATCH_MAX) batches.push(pending.slice(i, i + AUDIT_BATCH_MAX));
        pending = [];
        for (const batch of batches) void flush(batch);
      });
    }
    pending.push({ row, settle: (err) => (err === undefined ? resolve() : reject(err)) });
  });
}

export function createAuditStore(db: Kysely<Database>): AuditStore {
  // Inside a transaction the row must be written by that transaction, before it commits: no batching there.
  const insert = db.isTransaction
    ? async (row: Insertable<AuditEventsTable>): Promise<void> => { await db.insertInto('audit_events').values(row).execute(); }
    : groupCommitter(db);
  return {
    async recordAuditEvent(e): Promise<AuditEventRecord> {
      const row = {
        id: generateId('ev'), studio_id: e.studioId, actor_id: e.actorId, kind: e.kind, client_ip: e.clientIp, user_agent: e.userAgent,
        data: JSON.stringify(e.data), created_at: e.now,
      };
      await insert(row);
      return toEvent(row);
    },
    async listAuditEvents(studioId, filter, cursor, limit): Promise<AuditEventRecord[]> {
      return (await auditEventsQuery(db, studioId, filter, cursor, limit).execute()).map(toEvent);
    },
    async deleteAuditEventsBefore(cutoff): Promise<number> {
      const r = await db.deleteFrom('audit_events').where('created_at', '<', cutoff).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

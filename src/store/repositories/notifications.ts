// Studio notifications (filled by the gallery activity of the resources issue).
import type { Kysely, Selectable } from 'kysely';
import type { Database, NotificationsTable } from '../schema.ts';
import type { NotificationRecord, NotificationStore } from '../types.ts';
import { generateId } from '../../lib/ids.ts';

function parseData(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function toNotification(r: Selectable<NotificationsTable>): NotificationRecord {
  return {
    id: r.id, studioId: r.studio_id, kind: r.kind, message: r.message, data: parseData(r.data),
    readAt: r.read_at === null ? null : Number(r.read_at), createdAt: Number(r.created_at),
  };
}

export function createNotificationStore(db: Kysely<Database>): NotificationStore {
  return {
    async createNotification(input): Promise<NotificationRecord> {
      const row = { id: generateId('nt'), studio_id: input.studioId, kind: input.kind, message: input.message, data: JSON.stringify(input.data), read_at: null, created_at: input.now };
      await db.insertInto('notifications').values(row).execute();
      return { id: row.id, studioId: row.studio_id, kind: row.kind, message: row.message, data: input.data, readAt: null, createdAt: input.now };
    },
    async markNotificationRead(studioId: string, id: string, now: number): Promise<boolean> {
      const r = await db.updateTable('notifications').set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(now)) }))
        .where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async findNotification(studioId: string, id: string): Promise<NotificationRecord | null> {
      const row = await db.selectFrom('notifications').selectAll().where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
      return row ? toNotification(row) : null;
    },
    async listNotifications(studioId, page): Promise<{ items: NotificationRecord[]; total: number }> {
      const rows = await db.selectFrom('notifications').selectAll().where('studio_id', '=', studioId)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
      const count = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('studio_id', '=', studioId).executeTakeFirstOrThrow();
      return { total: Number(count.n), items: rows.map(toNotification) };
    },
  };
}

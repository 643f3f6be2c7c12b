// The mail outbox: queue a message with the change that causes it, claim due ones under a lease, mark the outcome.
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Database, MailOutboxTable } from '../schema.ts';
import type { MailOutboxStore, MailRecord, MailStatus } from '../types.ts';
import { generateId } from '../../lib/ids.ts';

const STATUSES: readonly MailStatus[] = ['queued', 'sending', 'sent', 'failed'];

function toMail(r: Selectable<MailOutboxTable>): MailRecord {
  return {
    id: r.id, studioId: r.studio_id, kind: r.kind, to: r.to_address, subject: r.subject, text: r.text_body, html: r.html_body,
    status: r.status as MailStatus, attempts: Number(r.attempts), nextAttemptAt: Number(r.next_attempt_at), leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until), lastError: r.last_error, createdAt: Number(r.created_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
  };
}

export function createMailOutboxStore(db: Kysely<Database>): MailOutboxStore {
  return {
    async enqueueMail(m): Promise<MailRecord> {
      const row: Selectable<MailOutboxTable> = {
        id: generateId('ml'), studio_id: m.studioId, kind: m.kind, to_address: m.to, subject: m.subject, text_body: m.text, html_body: m.html,
        status: 'queued', attempts: 0, next_attempt_at: m.now, lease_owner: null, lease_until: null, last_error: null, created_at: m.now, sent_at: null,
      };
      await db.insertInto('mail_outbox').values(row).execute();
      return toMail(row);
    },
    async claimMail(owner, now, leaseMs, limit): Promise<MailRecord[]> {
      const due = (eb: ExpressionBuilder<Database, 'mail_outbox'>) => eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
      ]);
      const candidates = await db.selectFrom('mail_outbox').select('id').where(due)
        .orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
      const claimed: MailRecord[] = [];
      for (const { id } of candidates) {
        // Compare-and-set: the row is ours only if it is still due when the update runs.
        const r = await db.updateTable('mail_outbox')
          .set({ status: 'sending', lease_owner: owner, lease_until: now + leaseMs })
          .where('id', '=', id).where(due).executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) continue;
        const row = await db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
        if (row !== undefined) claimed.push(toMail(row));
      }
      return claimed;
    },
    async markMailSent(id, owner, now): Promise<boolean> {
      const r = await db.updateTable('mail_outbox')
        .set({ status: 'sent', sent_at: now, lease_owner: null, lease_until: null, last_error: null, attempts: (eb) => eb('attempts', '+', 1) })
        .where('id', '=', id).where('status', '=', 'sending').where('lease_owner', '=', owner).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async markMailAttemptFailed(id, owner, error, retryAt): Promise<boolean> {
      const r = await db.updateTable('mail_outbox')
        .set({
          status: retryAt === null ? 'failed' : 'queued', next_attempt_at: retryAt ?? 0, lease_owner: null, lease_until: null,
          last_error: error.slice(0, 1000), attempts: (eb) => eb('attempts', '+', 1),
        })
        .where('id', '=', id).where('status', '=', 'sending').where('lease_owner', '=', owner).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async countMailByStatus(): Promise<Record<MailStatus, number>> {
      const rows = await db.selectFrom('mail_outbox').select((eb) => ['status', eb.fn.countAll().as('n')]).groupBy('status').execute();
      const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<MailStatus, number>;
      for (const r of rows) if ((STATUSES as readonly string[]).includes(r.status)) out[r.status as MailStatus] = Number(r.n);
      return out;
    },
    async listMail(statuses, limit): Promise<MailRecord[]> {
      if (statuses.length === 0) return [];
      const rows = await db.selectFrom('mail_outbox').selectAll().where('status', 'in', [...statuses])
        .orderBy('created_at').orderBy('id').limit(limit).execute();
      return rows.map(toMail);
    },
  };
}

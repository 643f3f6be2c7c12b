// A visitor's email confirmation: the codes mailed to them (hashed, attempts counted by compare-and-set) and the
// visitor sessions that entered the right one.
import type { Kysely, Selectable } from 'kysely';
import type { Database, VisitorEmailCodesTable } from '../schema.ts';
import type { EmailCodeRecord, VisitorEmailStore } from '../types.ts';

function toCode(r: Selectable<VisitorEmailCodesTable>): EmailCodeRecord {
  return {
    id: r.id, sessionId: r.session_id, collectionId: r.collection_id, emailKey: r.email_key, codeHash: r.code_hash,
    attempts: Number(r.attempts), createdAt: Number(r.created_at), expiresAt: Number(r.expires_at),
  };
}

export function createVisitorEmailStore(db: Kysely<Database>): VisitorEmailStore {
  return {
    async createEmailCode(c): Promise<void> {
      await db.insertInto('visitor_email_codes').values({
        id: c.id, session_id: c.sessionId, collection_id: c.collectionId, email_key: c.emailKey, code_hash: c.codeHash,
        attempts: c.attempts, created_at: c.createdAt, expires_at: c.expiresAt,
      }).execute();
    },
    async findLatestEmailCode(sessionId): Promise<EmailCodeRecord | null> {
      const row = await db.selectFrom('visitor_email_codes').selectAll().where('session_id', '=', sessionId)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? toCode(row) : null;
    },
    async emailCodesSentSince(collectionId, emailKey, since): Promise<{ count: number; firstAt: number | null; latestAt: number | null }> {
      const row = await db.selectFrom('visitor_email_codes')
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('latest')])
        .where('collection_id', '=', collectionId).where('email_key', '=', emailKey).where('created_at', '>=', since)
        .executeTakeFirstOrThrow();
      const time = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
      return { count: Number(row.n), firstAt: time(row.first), latestAt: time(row.latest) };
    },
    async spendEmailCodeAttempt(id, max): Promise<boolean> {
      const r = await db.updateTable('visitor_email_codes').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id).where('attempts', '<', max).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async confirmVisitorEmail(sessionId, collectionId, now): Promise<void> {
      const run = async (tx: Kysely<Database>): Promise<void> => {
        await tx.insertInto('visitor_email_confirmations').values({ session_id: sessionId, collection_id: collectionId, created_at: now })
          .onConflict((oc) => oc.column('session_id').doNothing()).execute();
        await tx.deleteFrom('visitor_email_codes').where('session_id', '=', sessionId).execute();
      };
      await (db.isTransaction ? run(db) : db.transaction().execute(run));
    },
    async isVisitorEmailConfirmed(sessionId): Promise<boolean> {
      const row = await db.selectFrom('visitor_email_confirmations').select('session_id').where('session_id', '=', sessionId).executeTakeFirst();
      return row !== undefined;
    },
    async deleteEmailCodesBefore(cutoff): Promise<number> {
      const r = await db.deleteFrom('visitor_email_codes').where('created_at', '<', cutoff).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

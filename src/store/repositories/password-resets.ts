// Password-reset tokens: issue (superseding the user's older unused ones), look up, consume once, sweep.
import type { Kysely, Selectable } from 'kysely';
import type { Database, PasswordResetTokensTable } from '../schema.ts';
import type { PasswordResetStore, PasswordResetTokenRecord } from '../types.ts';
import { generateId } from '../../lib/ids.ts';
import { mapUnique } from './errors.ts';

function toRecord(r: Selectable<PasswordResetTokensTable>): PasswordResetTokenRecord {
  return {
    id: r.id, userId: r.user_id, tokenHash: r.token_hash, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at),
    usedAt: r.used_at === null ? null : Number(r.used_at),
  };
}

export function createPasswordResetStore(db: Kysely<Database>): PasswordResetStore {
  return {
    async issuePasswordResetToken(input): Promise<PasswordResetTokenRecord> {
      const row: Selectable<PasswordResetTokensTable> = {
        id: generateId('pr'), user_id: input.userId, token_hash: input.tokenHash, created_at: input.now, expires_at: input.expiresAt, used_at: null,
      };
      // Superseded: an older link that was never used stops working once a newer one is sent.
      await db.deleteFrom('password_reset_tokens').where('user_id', '=', input.userId).where('used_at', 'is', null).execute();
      await mapUnique(db.insertInto('password_reset_tokens').values(row).execute(), 'Token already exists');
      return toRecord(row);
    },
    async findPasswordResetToken(tokenHash): Promise<PasswordResetTokenRecord | null> {
      const row = await db.selectFrom('password_reset_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    },
    async consumePasswordResetToken(tokenHash, now): Promise<PasswordResetTokenRecord | null> {
      // One conditional UPDATE: of two concurrent requests, the second waits for the first's write and then matches nothing.
      const row = await db.updateTable('password_reset_tokens').set({ used_at: now })
        .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now)
        .returningAll().executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    },
    async deleteUserPasswordResetTokens(userId): Promise<number> {
      const r = await db.deleteFrom('password_reset_tokens').where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deletePasswordResetTokensBefore(cutoff): Promise<number> {
      const r = await db.deleteFrom('password_reset_tokens').where('expires_at', '<', cutoff).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

// Studio invitations: stored by token hash, listed while pending, withdrawn, consumed once, swept after expiry.
import type { Kysely, Selectable } from 'kysely';
import type { Database, StudioInvitationsTable } from '../schema.ts';
import type { InvitationRecord, InvitationStore } from '../types.ts';
import { generateId } from '../../lib/ids.ts';
import { mapUnique } from './errors.ts';

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function toRecord(r: Selectable<StudioInvitationsTable>): InvitationRecord {
  return {
    id: r.id, studioId: r.studio_id, tokenHash: r.token_hash, role: r.role, email: r.email, emailKey: r.email_key, createdBy: r.created_by,
    createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), acceptedAt: num(r.accepted_at), acceptedBy: r.accepted_by, revokedAt: num(r.revoked_at),
  };
}

export function createInvitationStore(db: Kysely<Database>): InvitationStore {
  return {
    async createInvitation(input): Promise<InvitationRecord> {
      const row: Selectable<StudioInvitationsTable> = {
        id: generateId('iv'), studio_id: input.studioId, token_hash: input.tokenHash, role: input.role, email: input.email, email_key: input.emailKey,
        created_by: input.createdBy, created_at: input.now, expires_at: input.expiresAt, accepted_at: null, accepted_by: null, revoked_at: null,
      };
      await mapUnique(db.insertInto('studio_invitations').values(row).execute(), 'Invitation already exists');
      return toRecord(row);
    },
    async findInvitationByHash(tokenHash): Promise<InvitationRecord | null> {
      const row = await db.selectFrom('studio_invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    },
    async listPendingInvitations(studioId, now): Promise<InvitationRecord[]> {
      const rows = await db.selectFrom('studio_invitations').selectAll()
        .where('studio_id', '=', studioId).where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', now)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toRecord);
    },
    async revokeInvitation(studioId, id, now): Promise<InvitationRecord | null> {
      const row = await db.updateTable('studio_invitations').set({ revoked_at: now })
        .where('studio_id', '=', studioId).where('id', '=', id)
        .where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', now)
        .returningAll().executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    },
    async consumeInvitation(tokenHash, userId, now): Promise<InvitationRecord | null> {
      // One conditional UPDATE: of two concurrent accepts, the second waits for the first's write and then matches nothing.
      const row = await db.updateTable('studio_invitations').set({ accepted_at: now, accepted_by: userId })
        .where('token_hash', '=', tokenHash).where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', now)
        .returningAll().executeTakeFirst();
      return row === undefined ? null : toRecord(row);
    },
    async deleteInvitationsExpiredBefore(cutoff): Promise<number> {
      const r = await db.deleteFrom('studio_invitations').where('expires_at', '<', cutoff).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

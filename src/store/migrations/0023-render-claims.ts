// 0023: a claim on a photo's background render. Every instance runs render passes (at start, and when a watermark
// changes); without a claim two instances sharing a database would both render every photo of a backfill, and one of
// each pair would throw its work away at the compare-and-set. A pass claims a photo for a while before rendering it
// and skips photos another pass holds; the claim ends when the new set is named, or lapses if its holder died.
import type { Kysely, Migration } from 'kysely';

export const renderClaimsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('photos').addColumn('render_claimed_until', 'bigint').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('photos').dropColumn('render_claimed_until').execute();
  },
};

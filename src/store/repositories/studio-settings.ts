// Per-studio settings rows; absence means the studio still uses the defaults the service defines.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { StudioSettings, StudioSettingsStore } from '../types.ts';

export function createStudioSettingsStore(db: Kysely<Database>): StudioSettingsStore {
  return {
    async findStudioSettings(studioId: string): Promise<StudioSettings | null> {
      const row = await db.selectFrom('studio_settings').selectAll().where('studio_id', '=', studioId).executeTakeFirst();
      return row ? { timezone: row.timezone, currency: row.currency, defaultDownloadable: row.default_downloadable } : null;
    },
    async putStudioSettings(studioId: string, settings: StudioSettings, now: number): Promise<void> {
      const values = { timezone: settings.timezone, currency: settings.currency, default_downloadable: settings.defaultDownloadable, updated_at: now };
      await db.insertInto('studio_settings').values({ studio_id: studioId, ...values })
        .onConflict((oc) => oc.column('studio_id').doUpdateSet(values))
        .execute();
    },
  };
}

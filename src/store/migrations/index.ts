// Schema migrations, written with Kysely's schema builder so every SQL backend runs the same list, in name order.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { coreMigration } from './0001-core.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_core': coreMigration,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

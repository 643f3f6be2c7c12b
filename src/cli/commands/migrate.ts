// `lightbox migrate`: bring the store's schema up to date without starting the server.
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, configFrom } from '../common.ts';
import type { CommandIO } from '../io.ts';
import { describeStore, openStores } from '../../main.ts';

export async function migrateCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: COMMON_OPTIONS, strict: true });
  if (values.help) {
    io.stdout.write('Usage: lightbox migrate [--data DIR]\n\nCreates or upgrades the database schema: the SQLite file under the data folder, or PostgreSQL at\nstore.url (LIGHTBOX_STORE_URL) when store.kind is "postgres".\n');
    return 0;
  }
  const config = configFrom(values, io.env);
  const store = await openStores(config);
  await store.close();
  io.stdout.write(`Schema is up to date (${describeStore(config)})\n`);
  return 0;
}

// `lightbox backup --to DIR` and `lightbox restore --from DIR`: the data directory's consistent online copy, and
// putting one back into an empty data directory after checking every checksum.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, configFrom } from '../common.ts';
import { UsageError, type CommandIO } from '../io.ts';
import type { Config } from '../../config.ts';
import { describeStore } from '../../main.ts';
import { SYSTEM_CLOCK } from '../../lib/clock.ts';
import { packageInfo } from '../../lib/package-info.ts';
import { MIGRATION_NAMES } from '../../store/migrations/index.ts';
import { createBackup } from '../../backup/backup.ts';
import { restoreBackup } from '../../backup/restore.ts';

export const BACKUP_HELP = `Usage: lightbox backup --to DIR [--data DIR] [--config FILE] [--allow-missing]

Takes a consistent copy of the data directory while the server keeps running: the SQLite database through its
online backup API (the state of one commit), then the photo files (originals and derivatives) that this copy
references, then DIR/manifest.json with the size and SHA-256 of every file. DIR must not exist or be empty.
  --allow-missing   finish even if files the database references are missing or damaged in the data
                    directory (they are listed in the manifest); without it the backup fails naming the first
With store.kind "postgres" the database is not copied by Lightbox: the command prints the pg_dump steps.`;

export const RESTORE_HELP = `Usage: lightbox restore --from DIR [--data DIR] [--config FILE]

Restores a backup taken by \`lightbox backup\` into the data directory (--data, or --data-dir, or LIGHTBOX_DATA),
which must not exist or be empty. Every file is checked against manifest.json before anything is placed; the copy
is built in a temporary directory beside the target and renamed into place, so a failed restore leaves nothing.
A backup from an older schema is upgraded by the next \`lightbox serve\` or \`lightbox migrate\`.`;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const formatBytes = (n: number): string => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);
const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** PostgreSQL is not ours to copy page by page: the steps that give a consistent pair of dump and photo files. */
function postgresSteps(config: Config, command: 'backup' | 'restore'): string {
  const data = resolve(config.dataDir);
  const url = describeStore(config);
  const steps = command === 'backup'
    ? [
      `1. pg_dump --format=custom --file=BACKUP/lightbox.pgdump '${url}'`,
      `2. then, once pg_dump has finished: cp -a ${data}/photos BACKUP/photos`,
      '   (in this order, so every photo the dump lists already has its files; files of photos uploaded after the',
      '   dump are copied too and simply unused; a photo deleted in between may lack its files)',
    ]
    : [
      `1. pg_restore --clean --if-exists --no-owner --dbname='${url}' BACKUP/lightbox.pgdump`,
      `2. cp -a BACKUP/photos ${data}/photos`,
      '3. lightbox serve: uploads that were half-way through are settled at start',
    ];
  return `lightbox ${command}: this configuration's store is PostgreSQL (store.kind "postgres" at ${url}); lightbox ${command} copies only the embedded SQLite store.\nFor PostgreSQL, with BACKUP a directory of your choice:\n${steps.join('\n')}\n`;
}

export async function backupCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_OPTIONS, to: { type: 'string' }, 'allow-missing': { type: 'boolean' } }, strict: true });
  if (values.help) {
    io.stdout.write(`${BACKUP_HELP}\n`);
    return 0;
  }
  if (values.to === undefined || values.to === '') throw new UsageError('backup needs --to DIR (a new or empty directory)');
  const config = configFrom(values, io.env);
  if (config.store.kind === 'postgres') {
    io.stderr.write(postgresSteps(config, 'backup'));
    return 2;
  }
  if (config.storage.kind === 's3') {
    io.stderr.write(`lightbox backup: this configuration keeps photos in S3 (bucket ${config.storage.s3.bucket}); lightbox backup copies the embedded SQLite store with photos under the data folder only.\nBack the bucket up with the service's own versioning or replication, and the database with the SQLite online backup (sqlite3 lightbox.db ".backup BACKUP/lightbox.db").\n`);
    return 2;
  }
  const summary = await createBackup({
    dataDir: config.dataDir, to: values.to, clock: SYSTEM_CLOCK, lightboxVersion: packageInfo().version, allowMissing: values['allow-missing'] === true,
  });
  for (const m of summary.missing) io.stderr.write(`warning: not in the backup: ${m.path} (${m.reason})\n`);
  io.stdout.write(`Backup written to ${summary.dir}: ${plural(summary.files, 'file')} (the database and ${plural(summary.files - 1, 'photo file')} of ${plural(summary.photos, 'photo')}), ${formatBytes(summary.bytes)} in ${formatSeconds(summary.durationMs)}${summary.snapshots > 1 ? ` (${summary.snapshots} database snapshots: photos were deleted meanwhile)` : ''}\n`);
  return 0;
}

export async function restoreCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_OPTIONS, from: { type: 'string' }, 'data-dir': { type: 'string' } }, strict: true });
  if (values.help) {
    io.stdout.write(`${RESTORE_HELP}\n`);
    return 0;
  }
  if (values.from === undefined || values.from === '') throw new UsageError('restore needs --from DIR (a directory written by lightbox backup)');
  if (values.data !== undefined && values['data-dir'] !== undefined) throw new UsageError('give the data directory once: --data or --data-dir');
  const config = configFrom({ ...values, data: values.data ?? values['data-dir'] }, io.env);
  if (config.store.kind === 'postgres') {
    io.stderr.write(postgresSteps(config, 'restore'));
    return 2;
  }
  const summary = await restoreBackup({ from: values.from, dataDir: config.dataDir, knownMigrations: MIGRATION_NAMES });
  const m = summary.manifest;
  for (const missing of m.missing) io.stderr.write(`warning: the backup was taken without ${missing.path} (${missing.reason})\n`);
  io.stdout.write(`Restored the backup of ${m.createdAt} (Lightbox ${m.lightboxVersion}) into ${summary.dataDir}: ${plural(summary.files, 'file')} verified, ${formatBytes(summary.bytes)} in ${formatSeconds(summary.durationMs)}\n`);
  io.stdout.write(summary.pending.length === 0
    ? 'Its schema is up to date.\n'
    : `Its schema is older: ${summary.pending.length} migration${summary.pending.length === 1 ? '' : 's'} (${summary.pending.join(', ')}) will be applied by the next lightbox serve or lightbox migrate.\n`);
  return 0;
}

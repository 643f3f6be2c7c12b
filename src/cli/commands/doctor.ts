// `lightbox doctor`: checks what the server needs before it starts and says, for each problem, what to do about it.
import { accessSync, constants, existsSync, statSync, statfsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { COMMON_OPTIONS, configFrom } from '../common.ts';
import type { CommandIO } from '../io.ts';
import type { Config } from '../../config.ts';
import { databaseFile, describeStore } from '../../main.ts';
import { MIGRATION_NAMES } from '../../store/migrations/index.ts';
import { openRedis, waitUntilReady } from '../../store/redis/connection.ts';

export const DOCTOR_HELP = `Usage: lightbox doctor [--data DIR] [--config FILE]

Checks the configuration, the data directory (permissions, free space), the database and its pending migrations,
photo storage, Redis when redis.url is set, and the SMTP server when mail.url is set. Exit code 0 when nothing failed, 1 otherwise.`;

/** Below this much free space in the data directory doctor warns (uploads are refused once the disk is full). */
const LOW_SPACE_BYTES = 1024 ** 3;

type Status = 'ok' | 'warn' | 'fail';
interface Check {
  name: string;
  status: Status;
  detail: string;
  fix?: string;
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function checkDataDir(config: Config): Check[] {
  const dir = resolve(config.dataDir);
  if (!existsSync(dir)) {
    return [{ name: 'data directory', status: 'warn', detail: `${dir} does not exist yet`, fix: 'it is created on the first `lightbox serve` or `lightbox migrate`; check that its parent is writable' }];
  }
  if (!statSync(dir).isDirectory()) return [{ name: 'data directory', status: 'fail', detail: `${dir} is not a directory`, fix: 'point dataDir (--data, LIGHTBOX_DATA) at a directory' }];
  const checks: Check[] = [];
  checks.push(writable(dir)
    ? { name: 'data directory', status: 'ok', detail: `${dir} is readable and writable` }
    : { name: 'data directory', status: 'fail', detail: `${dir} is not readable and writable by this user`, fix: `chown it to the user that runs lightbox, or chmod u+rwx ${dir}` });
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  const gib = (free / 1024 ** 3).toFixed(1);
  checks.push(free < LOW_SPACE_BYTES
    ? { name: 'free space', status: 'warn', detail: `${gib} GiB free in ${dir}`, fix: 'free some space or move dataDir to a larger disk: uploads are refused when it is full' }
    : { name: 'free space', status: 'ok', detail: `${gib} GiB free` });
  return checks;
}

function pendingOf(applied: string[]): Check {
  const done = new Set(applied);
  const pending = MIGRATION_NAMES.filter((name) => !done.has(name));
  return pending.length === 0
    ? { name: 'migrations', status: 'ok', detail: `all ${MIGRATION_NAMES.length} applied` }
    : { name: 'migrations', status: 'warn', detail: `${pending.length} pending: ${pending.join(', ')}`, fix: 'run `lightbox migrate` (serve applies them at start too)' };
}

async function checkDatabase(config: Config): Promise<Check[]> {
  if (config.store.kind === 'postgres') {
    const client = new pg.Client({ connectionString: config.store.url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      const table = await client.query<{ exists: boolean }>("select to_regclass('kysely_migration') is not null as exists");
      const applied = table.rows[0]?.exists ? (await client.query<{ name: string }>('select name from kysely_migration')).rows.map((r) => r.name) : [];
      return [{ name: 'database', status: 'ok', detail: `PostgreSQL at ${describeStore(config)} answers` }, pendingOf(applied)];
    } catch (err) {
      return [{ name: 'database', status: 'fail', detail: `PostgreSQL at ${describeStore(config)}: ${(err as Error).message}`, fix: 'check store.url (LIGHTBOX_STORE_URL), that PostgreSQL runs and accepts this user' }];
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const file = databaseFile(config);
  if (!existsSync(file)) return [{ name: 'database', status: 'warn', detail: `${file} does not exist yet`, fix: 'run `lightbox migrate` (or start the server) to create it' }];
  try {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      const hasTable = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get() !== undefined;
      const applied = hasTable ? db.prepare('select name from kysely_migration').pluck().all() as string[] : [];
      return [{ name: 'database', status: 'ok', detail: `SQLite at ${file} opens` }, pendingOf(applied)];
    } finally {
      db.close();
    }
  } catch (err) {
    return [{ name: 'database', status: 'fail', detail: `SQLite at ${file}: ${(err as Error).message}`, fix: 'check the file permissions, or restore it from a backup if it is damaged' }];
  }
}

/** The bucket answers a HEAD with these settings and credentials (the AWS SDK is loaded only for this check). */
async function checkS3(config: Config): Promise<Check> {
  const s3 = config.storage.s3;
  const where = `bucket ${s3.bucket ?? '?'}${s3.endpoint ? ` at ${s3.endpoint}` : ''}`;
  const { S3Client, HeadBucketCommand } = await import('@aws-sdk/client-s3');
  const { s3ClientConfig } = await import('../../storage/s3.ts');
  const client = new S3Client({ ...s3ClientConfig(s3), maxAttempts: 1 });
  try {
    await client.send(new HeadBucketCommand({ Bucket: s3.bucket }), { abortSignal: AbortSignal.timeout(5000) });
    return { name: 'photo storage', status: 'ok', detail: `S3 ${where} answers` };
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const fix = status === 404 ? 'create the bucket, or correct storage.s3.bucket'
      : status === 403 || status === 401 ? 'check storage.s3.accessKeyId and secretAccessKey (or the role) and the bucket policy'
        : 'check storage.s3.endpoint, region and forcePathStyle, and that the service is reachable';
    return { name: 'photo storage', status: 'fail', detail: `S3 ${where}: ${status ? `HTTP ${status}` : (err as Error).message}`, fix };
  } finally {
    client.destroy();
  }
}

async function checkStorage(config: Config): Promise<Check> {
  if (config.storage.kind === 's3') return checkS3(config);
  const dir = join(resolve(config.dataDir), 'photos');
  if (!existsSync(dir)) return { name: 'photo storage', status: 'ok', detail: `${dir} will be created at start` };
  return writable(dir)
    ? { name: 'photo storage', status: 'ok', detail: `${dir} is writable` }
    : { name: 'photo storage', status: 'fail', detail: `${dir} is not writable by this user`, fix: `chown -R the user that runs lightbox ${dir}` };
}

/** With mail.url: the SMTP server accepts a connection, STARTTLS (or implicit TLS) and the login, as a message would. */
async function checkMail(config: Config): Promise<Check> {
  const url = config.mail.url;
  if (url === undefined) {
    return { name: 'mail', status: 'ok', detail: `not configured: messages (password resets, invitations) are written to ${join(resolve(config.dataDir), 'outbox')}; set mail.url to send them` };
  }
  let where = 'the SMTP server';
  try {
    const u = new URL(url);
    where = `${u.protocol}//${u.host}`;
  } catch {
    // The schema accepted it; nodemailer will say what is wrong with it.
  }
  const { verifySmtp } = await import('../../mail/smtp.ts');
  try {
    await verifySmtp(url);
    return { name: 'mail', status: 'ok', detail: `${where} accepts TLS and the login` };
  } catch (err) {
    const message = (err as Error).message.replace(/\s+/g, ' ').slice(0, 200);
    const fix = /STARTTLS/i.test(message) ? 'the server offers no STARTTLS: use smtps:// on its TLS port (465), or a server that supports STARTTLS'
      : /auth|535|credentials/i.test(message) ? 'check the user name and password in mail.url (LIGHTBOX_MAIL_URL)'
        : 'check mail.url (LIGHTBOX_MAIL_URL): host, port, and that the server is reachable from here';
    return { name: 'mail', status: 'fail', detail: `${where}: ${message}`, fix };
  }
}

async function checkRedis(config: Config): Promise<Check | undefined> {
  if (config.redis.url === undefined) return undefined;
  const redis = openRedis({ url: config.redis.url, prefix: config.redis.prefix });
  try {
    const ready = await waitUntilReady(redis, 2000);
    if (!ready) return { name: 'redis', status: 'fail', detail: 'no answer within 2 s', fix: 'check redis.url (LIGHTBOX_REDIS_URL) and that Redis runs; without it logins answer 503' };
    await redis.client.ping();
    return { name: 'redis', status: 'ok', detail: 'answers PING' };
  } catch (err) {
    return { name: 'redis', status: 'fail', detail: (err as Error).message, fix: 'check redis.url (LIGHTBOX_REDIS_URL) and its password' };
  } finally {
    await redis.close().catch(() => undefined);
  }
}

export async function doctorCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: COMMON_OPTIONS, strict: true });
  if (values.help) {
    io.stdout.write(`${DOCTOR_HELP}\n`);
    return 0;
  }
  let config: Config;
  try {
    config = configFrom(values, io.env);
  } catch (err) {
    io.stdout.write(`fail  configuration: ${(err as Error).message}\n      fix: correct the keys named above (lightbox.config.json or LIGHTBOX_* variables)\n`);
    return 1;
  }
  const checks: Check[] = [{ name: 'configuration', status: 'ok', detail: `valid (store: ${config.store.kind})` }];
  checks.push(...checkDataDir(config), ...await checkDatabase(config), await checkStorage(config));
  const redis = await checkRedis(config);
  if (redis) checks.push(redis);
  checks.push(await checkMail(config));
  for (const c of checks) {
    io.stdout.write(`${c.status.padEnd(4)}  ${c.name}: ${c.detail}\n${c.fix ? `      fix: ${c.fix}\n` : ''}`);
  }
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

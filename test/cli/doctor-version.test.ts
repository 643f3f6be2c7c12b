// `lightbox --version` and `lightbox doctor` (issue #21): what each check reports and the exit code it leads to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { runCli } from '../../src/cli/main.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function cli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, { stdin: Readable.from([]), stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-doctor-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('--version prints the package version', async () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const run = await cli(['--version']);
  assert.equal(run.code, 0);
  assert.equal(run.stdout, `${pkg.version}\n`);
  assert.match((await cli(['--help'])).stdout, /doctor/);
});

test('doctor on a migrated data dir: every check ok, exit 0', async (t) => {
  const data = join(tempDir(t), 'data');
  assert.equal((await cli(['migrate', '--data', data])).code, 0);
  const run = await cli(['doctor', '--data', data]);
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /^ok {4}configuration/m);
  assert.match(run.stdout, /^ok {4}data directory: .* readable and writable/m);
  assert.match(run.stdout, /^ok {4}free space: [\d.]+ GiB free/m);
  assert.match(run.stdout, /^ok {4}migrations: all \d+ applied/m);
  assert.doesNotMatch(run.stdout, /^(warn|fail)/m);
});

test('doctor names a pending migration and says to run migrate', async (t) => {
  const data = join(tempDir(t), 'data');
  await cli(['migrate', '--data', data]);
  const db = new BetterSqlite3(join(data, 'lightbox.db'));
  db.prepare("delete from kysely_migration where name = '0009_audit_events'").run();
  db.close();
  const run = await cli(['doctor', '--data', data]);
  assert.match(run.stdout, /^warn  migrations: 1 pending: 0009_audit_events\n {6}fix: run `lightbox migrate`/m);
});

test('doctor fails with a fix for a data dir that is a file, a bad config key, and an unreachable Redis', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'not-a-dir');
  writeFileSync(file, 'x');
  const notDir = await cli(['doctor', '--data', file]);
  assert.equal(notDir.code, 1);
  assert.match(notDir.stdout, /^fail  data directory: .* is not a directory\n {6}fix: /m);

  const badConfig = await cli(['doctor', '--data', dir], { LIGHTBOX_SERVER_PORT: 'not-a-port' });
  assert.equal(badConfig.code, 1);
  assert.match(badConfig.stdout, /^fail  configuration: [^]*server\.port \(LIGHTBOX_SERVER_PORT\)[^]*\n {6}fix: /m);

  const redis = await cli(['doctor', '--data', dir], { LIGHTBOX_REDIS_URL: 'redis://127.0.0.1:1' });
  assert.equal(redis.code, 1, redis.stdout);
  assert.match(redis.stdout, /^fail  redis: .*\n {6}fix: check redis\.url/m);
});

test('doctor with storage.kind s3: ok when the bucket answers, a fix when it does not exist; backup explains what to do instead', async (t) => {
  const { startTestBucket } = await import('../helpers/s3.ts');
  const bucket = await startTestBucket();
  t.after(() => bucket.close());
  const data = join(tempDir(t), 'data');
  await cli(['migrate', '--data', data]);
  const ok = await cli(['doctor', '--data', data], bucket.env);
  assert.equal(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, new RegExp(`^ok {4}photo storage: S3 bucket ${bucket.settings.bucket} at http://127\\.0\\.0\\.1:\\d+ answers`, 'm'));
  const missing = await cli(['doctor', '--data', data], { ...bucket.env, LIGHTBOX_STORAGE_S3_BUCKET: 'no-such-bucket-here' });
  assert.equal(missing.code, 1);
  assert.match(missing.stdout, /^fail {2}photo storage: S3 bucket no-such-bucket-here .*HTTP 404\n {6}fix: create the bucket/m);
  const backup = await cli(['backup', '--data', data, '--to', join(tempDir(t), 'out')], bucket.env);
  assert.equal(backup.code, 2);
  assert.match(backup.stderr, /keeps photos in S3 .*\n.*versioning or replication/);
});

test('doctor checks the SMTP server of mail.url: not configured is ok with where mail goes; no STARTTLS or nobody listening fails with a fix', async (t) => {
  const { SMTPServer } = await import('smtp-server');
  const plain = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], onData(stream, _session, done) { stream.resume(); stream.on('end', () => done()); } });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', () => resolve()));
  t.after(() => new Promise<void>((resolve) => plain.close(() => resolve())));
  const port = (plain.server.address() as { port: number }).port;
  const data = join(tempDir(t), 'data');
  await cli(['migrate', '--data', data]);

  const none = await cli(['doctor', '--data', data]);
  assert.match(none.stdout, /^ok {4}mail: not configured: messages .* are written to .*outbox; set mail\.url to send them/m);
  const noTls = await cli(['doctor', '--data', data], { LIGHTBOX_MAIL_URL: `smtp://127.0.0.1:${port}` });
  assert.equal(noTls.code, 1);
  assert.match(noTls.stdout, new RegExp(`^fail {2}mail: smtp://127\\.0\\.0\\.1:${port}: .*STARTTLS.*\\n {6}fix: the server offers no STARTTLS`, 'm'));
  const nobody = await cli(['doctor', '--data', data], { LIGHTBOX_MAIL_URL: 'smtp://user:secret-password@127.0.0.1:1' });
  assert.equal(nobody.code, 1);
  assert.match(nobody.stdout, /^fail {2}mail: smtp:\/\/127\.0\.0\.1:1: .*\n {6}fix: check mail\.url/m);
  assert.doesNotMatch(nobody.stdout, /secret-password/, 'the password in mail.url is never printed');
});

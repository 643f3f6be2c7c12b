// issue #21: `lightbox backup` takes a consistent copy of a running server's data directory while writes go on, and
// `lightbox restore` puts it back only after every checksum matched. A real server process is written to through its
// API; the backup CLI runs as a child process meanwhile; the restored data directory must hold every write
// acknowledged before the backup started, none started after it ended, and a complete set of files for every photo.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { runCli } from '../../src/cli/main.ts';
import { startInstance } from '../helpers/lightbox-instances.ts';
import { startServer } from '../../src/main.ts';
import { loadConfig } from '../../src/config.ts';
import { createBackup } from '../../src/backup/backup.ts';
import { photoKeys } from '../../src/api/photos/files.ts';
import { multipartBody, sampleJpeg, withJpegComment } from '../helpers/gallery.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, { stdin: Readable.from([]), stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Polls a condition the server process's answers will make true, bounded in time. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Write {
  id: string;
  startedAt: number;
  ackedAt: number;
}
interface PhotoWrite extends Write {
  bytes: Buffer;
}
interface DeleteWrite extends Write {
  photoId: string;
}

class Api {
  constructor(readonly url: string, private readonly token: string) {}

  async json(method: string, path: string, body?: unknown): Promise<{ status: number; body: { data: { id: string } } }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) as { data: { id: string } } : { data: { id: '' } } };
  }

  async upload(galleryId: string, content: Buffer): Promise<{ status: number; id: string }> {
    const form = multipartBody([{ filename: 'p.jpg', content }]);
    const res = await fetch(`${this.url}/api/v1/galleries/${galleryId}/photos`, { method: 'POST', headers: { authorization: `Bearer ${this.token}`, 'content-type': form.contentType }, body: form.payload });
    const body = await res.json() as { data: Array<{ id: string }> };
    return { status: res.status, id: res.status === 201 ? (body.data[0]?.id ?? '') : '' };
  }

  async bytes(path: string): Promise<{ status: number; bytes: Buffer }> {
    const res = await fetch(`${this.url}${path}`, { headers: { authorization: `Bearer ${this.token}` } });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  }
}

async function login(instance: { url: string }, demo: { email: string; password: string }): Promise<Api> {
  const res = await fetch(`${instance.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...demo, mode: 'token' }) });
  assert.equal(res.status, 200, await res.clone().text());
  return new Api(instance.url, ((await res.json()) as { token: string }).token);
}

const work = mkdtempSync(join(tmpdir(), 'lightbox-backup-'));
const liveData = join(work, 'live');
const backupDir = join(work, 'backup');
/** A copy of the live data directory once the server stopped, for the tests that damage it. */
const stoppedData = join(work, 'stopped');
after(() => rmSync(work, { recursive: true, force: true }));

const clients: Write[] = [];
const photos: PhotoWrite[] = [];
const deletions: DeleteWrite[] = [];
let backupStartedAt = 0;
let backupEndedAt = 0;
let backupRun: Run;
let demo: { email: string; password: string };

describe('backup of a running server during writes, then restore', () => {
  before(async () => {
    const server = await startInstance(liveData, {}, { demo: true });
    try {
      demo = server.demo as { email: string; password: string };
      const api = await login(server, demo);
      const collection = await api.json('POST', '/api/v1/collections', { name: 'Backup under load' });
      const gallery = await api.json('POST', `/api/v1/collections/${collection.body.data.id}/galleries`, { name: 'Uploads' });
      const jpegs = await Promise.all(['#aa3311', '#11aa33', '#3311aa', '#999999'].map((color, i) => sampleJpeg({ width: 120 + i * 16, height: 90, color })));
      let writing = true;
      const clientLoop = async (): Promise<void> => {
        for (let i = 0; writing; i++) {
          const startedAt = Date.now();
          const res = await api.json('POST', '/api/v1/clients', { email: `client${i}@backup.test`, first_name: `Client ${i}` });
          if (res.status === 201) clients.push({ id: res.body.data.id, startedAt, ackedAt: Date.now() });
        }
      };
      // Uploads, and every third photo deleted again: a deletion racing the copy of its files is the hard case.
      const photoLoop = async (): Promise<void> => {
        for (let i = 0; writing; i++) {
          // Each upload other bytes (a JPEG comment): the collection refuses the same bytes twice.
          const bytes = withJpegComment(jpegs[i % jpegs.length] as Buffer, `upload ${i}`);
          const startedAt = Date.now();
          const up = await api.upload(gallery.body.data.id, bytes);
          if (up.status !== 201) continue;
          photos.push({ id: up.id, startedAt, ackedAt: Date.now(), bytes });
          if (i % 3 === 2) {
            const delStarted = Date.now();
            const del = await api.json('DELETE', `/api/v1/photos/${up.id}`);
            if (del.status === 204) deletions.push({ id: up.id, photoId: up.id, startedAt: delStarted, ackedAt: Date.now() });
          }
        }
      };
      const loops = Promise.all([clientLoop(), photoLoop()]);
      await waitFor(() => clients.length >= 20 && photos.length >= 6, 'the first writes');
      backupStartedAt = Date.now();
      // The CLI's own entry point, in this process: a second process boot would only add seconds (tsx) to the test;
      // the server it copies from is a separate process either way.
      backupRun = await cli(['backup', '--to', backupDir, '--data', liveData]);
      backupEndedAt = Date.now();
      // A few more writes after the backup ended: none of them may be in it.
      const more = clients.length + 5;
      await waitFor(() => clients.length >= more, 'writes after the backup');
      writing = false;
      await loops;
    } finally {
      await server.stop();
    }
    cpSync(liveData, stoppedData, { recursive: true });
  });

  test('backup succeeds while the server writes, and prints what it copied', () => {
    assert.equal(backupRun.code, 0, backupRun.stderr);
    assert.match(backupRun.stdout, /^Backup written to .*: \d+ files \(the database and \d+ photo files of \d+ photos\), [\d.]+ (KiB|MiB) in [\d.]+ s/);
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as { formatVersion: number; migrations: string[]; files: Array<{ path: string; size: number; sha256: string }> };
    assert.equal(manifest.formatVersion, 1);
    assert.ok(manifest.migrations.includes('0001_core'));
    assert.equal(manifest.files[0]?.path, 'lightbox.db');
    for (const f of manifest.files) {
      assert.equal(statSync(join(backupDir, f.path)).size, f.size, f.path);
      assert.match(f.sha256, /^[0-9a-f]{64}$/);
    }
    const during = [...clients, ...photos, ...deletions].filter((w) => w.ackedAt >= backupStartedAt && w.startedAt <= backupEndedAt).length;
    assert.ok(during > 0, 'no write overlapped the backup: it did not run under load');
    console.log(`# backup during writes: ${during} writes overlapped it; ${clients.length} clients, ${photos.length} photos, ${deletions.length} deletions written; backup took ${backupEndedAt - backupStartedAt} ms; ${backupRun.stdout.trim()}`);
  });

  test('restore into a fresh data directory holds every acknowledged write, and the photos download byte for byte', async () => {
    const restored = join(work, 'restored');
    const run = await cli(['restore', '--from', backupDir, '--data', restored]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Restored the backup of .* into .*: \d+ files verified/);
    assert.match(run.stdout, /Its schema is up to date\./);

    const db = new BetterSqlite3(join(restored, 'lightbox.db'), { readonly: true });
    let clientIds: Set<string>;
    let photoIds: Set<string>;
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      clientIds = new Set(db.prepare('select id from clients').pluck().all() as string[]);
      photoIds = new Set(db.prepare('select id from photos').pluck().all() as string[]);
    } finally {
      db.close();
    }
    const deletedBefore = new Set(deletions.filter((d) => d.ackedAt < backupStartedAt).map((d) => d.photoId));
    // A deletion begun before the backup ended may or may not be in it; a photo no deletion touched by then must be.
    const deletedBy = new Set(deletions.filter((d) => d.startedAt <= backupEndedAt).map((d) => d.photoId));
    const before = clients.filter((c) => c.ackedAt < backupStartedAt);
    assert.ok(before.length >= 20);
    for (const c of before) assert.ok(clientIds.has(c.id), `client ${c.id} acknowledged before the backup is missing`);
    for (const c of clients.filter((w) => w.startedAt > backupEndedAt)) assert.ok(!clientIds.has(c.id), `client ${c.id} written after the backup is in it`);
    for (const p of photos.filter((w) => w.ackedAt < backupStartedAt && !deletedBy.has(w.id))) assert.ok(photoIds.has(p.id), `photo ${p.id} acknowledged before the backup is missing`);
    for (const id of deletedBefore) assert.ok(!photoIds.has(id), `photo ${id} deleted before the backup is back`);
    for (const p of photos.filter((w) => w.startedAt > backupEndedAt)) assert.ok(!photoIds.has(p.id), `photo ${p.id} uploaded after the backup is in it`);

    // The server's own start (migrations, settling staged files) on the restored directory, in this process.
    const server = await startServer(loadConfig({}, { overrides: { dataDir: restored, server: { host: '127.0.0.1', port: 0 }, log: { level: 'warn' } } }), { print: () => undefined });
    try {
      const api = await login(server, demo);
      // Every photo the restored database has, including the ones written while the backup ran, has all its files.
      for (const p of photos.filter((w) => photoIds.has(w.id))) {
        const original = await api.bytes(`/api/v1/photos/${p.id}/original`);
        assert.equal(original.status, 200, `photo ${p.id}`);
        assert.ok(original.bytes.equals(p.bytes), `photo ${p.id}: the restored original differs from the upload`);
        for (const variant of ['thumbnail', 'medium', 'web', 'thumbnail?format=webp', 'medium?format=webp', 'web?format=webp']) {
          assert.equal((await api.bytes(`/api/v1/photos/${p.id}/${variant}`)).status, 200, `${variant} of ${p.id}`);
        }
      }
      const sample = before[before.length - 1] as Write;
      assert.equal((await api.json('GET', `/api/v1/clients/${sample.id}`)).status, 200);
    } finally {
      await server.close();
    }
  });

  test('a changed file in the backup: restore refuses, names it, and leaves nothing in the target', async () => {
    const copy = join(work, 'tampered');
    cpSync(backupDir, copy, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
    const photo = manifest.files.find((f) => f.path.endsWith('.original'));
    assert.ok(photo, 'the backup has a photo');
    const path = join(copy, photo.path);
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff;
    writeFileSync(path, bytes);
    const target = join(work, 'from-tampered');
    const run = await cli(['restore', '--from', copy, '--data', target]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`is damaged: ${photo.path.replace(/[.+]/g, '\\$&')}: its SHA-256 differs from the manifest`));
    assert.equal(existsSync(target), false);
    assert.deepEqual(readdirSync(work).filter((n) => n.includes('restoring')), []);
  });

  test('a truncated database in the backup is refused by name', async () => {
    const copy = join(work, 'truncated');
    cpSync(backupDir, copy, { recursive: true });
    truncateSync(join(copy, 'lightbox.db'), 4096);
    const run = await cli(['restore', '--from', copy, '--data', join(work, 'from-truncated')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /is damaged: lightbox\.db: 4096 bytes where the manifest says \d+ \(truncated or replaced\)/);
  });

  test('a backup without manifest.json did not finish: restore refuses it', async () => {
    const copy = join(work, 'unfinished');
    cpSync(backupDir, copy, { recursive: true });
    rmSync(join(copy, 'manifest.json'));
    const run = await cli(['restore', '--from', copy, '--data', join(work, 'from-unfinished')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /has no manifest\.json, so the backup did not finish/);
    assert.equal(existsSync(join(work, 'from-unfinished')), false);
  });

  test('a manifest naming a path outside the backup, a newer format or a newer schema is refused before anything is copied', async () => {
    const edit = async (name: string, change: (m: Record<string, unknown> & { files: Array<{ path: string }> }) => void): Promise<Run> => {
      const copy = join(work, name);
      cpSync(backupDir, copy, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as Record<string, unknown> & { files: Array<{ path: string }> };
      change(manifest);
      writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
      const run = await cli(['restore', '--from', copy, '--data', join(work, `from-${name}`)]);
      assert.equal(existsSync(join(work, `from-${name}`)), false);
      return run;
    };
    const escape = await edit('escaping', (m) => { (m.files[1] as { path: string }).path = 'photos/../../outside.jpg'; });
    assert.equal(escape.code, 1);
    assert.match(escape.stderr, /names a file a backup cannot hold: "photos\/\.\.\/\.\.\/outside\.jpg"/);
    const newer = await edit('newer-format', (m) => { m.formatVersion = 2; });
    assert.match(newer.stderr, /backup format 2, newer than this Lightbox reads \(1\)/);
    const schema = await edit('newer-schema', (m) => { (m.migrations as string[]).push('9999_from_the_future'); });
    assert.equal(schema.code, 1);
    assert.match(schema.stderr, /comes from a newer Lightbox .* migrations this version does not know: 9999_from_the_future/);
  });

  test('restore refuses a data directory that is not empty, and touches nothing in it', async () => {
    const target = join(work, 'occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'mine');
    const run = await cli(['restore', '--from', backupDir, '--data-dir', target]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /The data directory .*occupied is not empty \(1 entry, e\.g\. keep\.txt\)/);
    assert.deepEqual(readdirSync(target), ['keep.txt']);

    const empty = join(work, 'empty-target');
    mkdirSync(empty);
    const into = await cli(['restore', '--from', backupDir, '--data', empty]);
    assert.equal(into.code, 0, into.stderr);
    assert.ok(readdirSync(empty).includes('lightbox.db'));
  });

  test('backup refuses a --to directory that is not empty, and one inside the data directory', async () => {
    const run = await cli(['backup', '--to', backupDir, '--data', stoppedData]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /The backup directory .* is not empty/);
    const inside = await cli(['backup', '--to', join(stoppedData, 'backups'), '--data', stoppedData]);
    assert.equal(inside.code, 1);
    assert.match(inside.stderr, /is inside the data directory/);
    const none = await cli(['backup', '--data', stoppedData]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /backup needs --to DIR/);
  });

  test('a photo file left in staging (row committed, rename not yet done) is backed up from there', async () => {
    const data = join(work, 'staged-data');
    cpSync(stoppedData, data, { recursive: true });
    const db = new BetterSqlite3(join(data, 'lightbox.db'), { readonly: true });
    const row = db.prepare('select studio_id, id from photos order by id limit 1').get() as { studio_id: string; id: string };
    db.close();
    const key = `${row.studio_id}/${row.id}.web.jpg`;
    const original = readFileSync(join(data, 'photos', key));
    renameSync(join(data, 'photos', key), join(data, 'photos', '.staging', `${key.replace('/', '+')}.abcdef.pending`));
    const to = join(work, 'staged-backup');
    const run = await cli(['backup', '--to', to, '--data', data]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(readFileSync(join(to, 'photos', key)).equals(original));
  });

  test('a photo deleted between the snapshot and the copy of its files: a fresh snapshot without it is taken', async () => {
    const data = join(work, 'racing-data');
    cpSync(stoppedData, data, { recursive: true });
    const live = new BetterSqlite3(join(data, 'lightbox.db'));
    const row = live.prepare('select studio_id, id from photos order by id limit 1').get() as { studio_id: string; id: string };
    const total = live.prepare('select count(*) from photos').pluck().get() as number;
    const to = join(work, 'racing-backup');
    const summary = await createBackup({
      dataDir: data, to, clock: { now: () => Date.UTC(2026, 11, 4, 12) }, lightboxVersion: 'test',
      // What the server's deletePhoto does, right after the first snapshot: the files go, then the row.
      afterSnapshot: async (n) => {
        if (n !== 1) return;
        for (const key of photoKeys(row.studio_id, row.id, '', { original: true })) rmSync(join(data, 'photos', key));
        live.prepare('delete from photos where id = ?').run(row.id);
      },
    });
    live.close();
    assert.equal(summary.snapshots, 2);
    assert.equal(summary.photos, total - 1);
    assert.deepEqual(summary.missing, []);
    const manifest = JSON.parse(readFileSync(join(to, 'manifest.json'), 'utf8')) as { createdAt: string; files: Array<{ path: string }> };
    assert.equal(manifest.createdAt, '2026-12-04T12:00:00.000Z');
    assert.equal(manifest.files.length, 1 + 7 * (total - 1), 'the database, and per photo the original and six derivatives');
    assert.ok(!manifest.files.some((f) => f.path.includes(row.id)));
    assert.equal(existsSync(join(to, 'photos', row.studio_id, `${row.id}.original`)), false);
  });

  test('a photo file missing from the data directory fails the backup by name, unless --allow-missing', async () => {
    const data = join(work, 'lossy-data');
    cpSync(stoppedData, data, { recursive: true });
    const db = new BetterSqlite3(join(data, 'lightbox.db'), { readonly: true });
    const row = db.prepare('select studio_id, id from photos order by id limit 1').get() as { studio_id: string; id: string };
    db.close();
    const key = `${row.studio_id}/${row.id}.thumbnail.jpg`;
    rmSync(join(data, 'photos', key));
    const to = join(work, 'lossy-backup');
    const run = await cli(['backup', '--to', to, '--data', data]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`1 file the database references could not be backed up, first photos/${key.replace(/[.+]/g, '\\$&')}: not in the data directory\\. Pass --allow-missing`));
    assert.equal(existsSync(to), false, 'a failed backup leaves nothing behind');

    const allowed = await cli(['backup', '--to', to, '--data', data, '--allow-missing']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /warning: not in the backup: photos\/.*thumbnail\.jpg/);
    const manifest = JSON.parse(readFileSync(join(to, 'manifest.json'), 'utf8')) as { missing: Array<{ path: string }> };
    assert.deepEqual(manifest.missing.map((m) => m.path), [`photos/${key}`]);
  });

  test('with store.kind postgres, backup and restore refuse and print the pg_dump / pg_restore steps', async () => {
    const env = { LIGHTBOX_STORE_KIND: 'postgres', LIGHTBOX_STORE_URL: 'postgres://lightbox:secret@db.example:5432/lightbox' };
    const run = await cli(['backup', '--to', join(work, 'pg'), '--data', stoppedData], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /store is PostgreSQL/);
    assert.match(run.stderr, /pg_dump --format=custom --file=BACKUP\/lightbox\.pgdump 'postgres:\/\/lightbox@db\.example:5432\/lightbox'/);
    assert.doesNotMatch(run.stderr, /secret/);
    assert.equal(existsSync(join(work, 'pg')), false);
    const restore = await cli(['restore', '--from', backupDir, '--data', join(work, 'pg-restore')], env);
    assert.equal(restore.code, 2);
    assert.match(restore.stderr, /pg_restore --clean --if-exists/);
  });

  test('lightbox --help lists backup and restore', async () => {
    const help = await cli(['--help']);
    assert.match(help.stdout, /^ {2}backup {11}/m);
    assert.match(help.stdout, /^ {2}restore {10}/m);
  });
});

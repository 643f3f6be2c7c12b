// issue #22, "The proof": the SQLite database held locked by another process (BEGIN EXCLUSIVE from a separate
// better-sqlite3 process). Writes wait for the busy timeout, then answer 503 with Retry-After: never a 500, never
// "database is locked" in a body. Once the lock is released, writes work again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startLiveServer } from '../helpers/live-server.ts';
import { studioSession } from '../helpers/gallery.ts';

test('a database locked by another process: writes wait, then 503 with Retry-After, never 500 or "database is locked"', async () => {
  const t = await startLiveServer();
  try {
    const s = await studioSession(t, { studio: 'Locked' });
    const write = () => fetch(`${t.url}/api/v1/collections`, { method: 'POST', headers: { ...s.headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Locked wedding' }) });
    assert.equal((await write()).status, 201, 'a write works before the lock');
    const file = readdirSync(t.dataDir, { recursive: true }).map(String).find((f) => /\.(db|sqlite3?)$/.test(f));
    assert.ok(file, `no database file in ${t.dataDir}`);
    const holder = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(${JSON.stringify(join(t.dataDir, file))});
      db.exec('BEGIN EXCLUSIVE'); process.stdout.write('locked\\n');
      process.stdin.on('data', () => { db.exec('COMMIT'); process.exit(0); });`], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => { holder.stdout.once('data', () => resolve()); holder.once('exit', (c) => reject(new Error(`holder exited ${c}`))); });
    try {
      const started = Date.now();
      const results = await Promise.all([write(), write(), write()]);
      const waited = Date.now() - started;
      for (const res of results) {
        const text = await res.text();
        assert.equal(res.status, 503, text);
        assert.ok(Number(res.headers.get('retry-after')) > 0, 'Retry-After');
        assert.ok(!/database is locked|SQLITE/i.test(text), text);
        assert.equal((JSON.parse(text) as { code: string }).code, 'unavailable');
      }
      assert.ok(waited >= 1000, `writes answered after ${waited} ms: they should wait for the busy timeout first`);
    } finally {
      holder.stdin.write('go\n');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    assert.equal((await write()).status, 201, 'writes work again once the lock is gone');
  } finally {
    await t.close();
  }
});

// issue #20 (R6, R7): a reset request answers before it looks at any account. The answer (status, body, header names)
// is fixed by then, and so is its cost: no SQL statement and no hash runs on the request's path, whether the address
// belongs to an active account, a disabled one or none; the lookup, the token and the message run afterwards. No timed
// asserts: the work is counted on the app's real store and hasher, with the after-response work held until released.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createDeps } from '../../src/main.ts';
import { buildApp } from '../../src/app.ts';
import { openSqliteStore, type ExecutedStatement } from '../../src/store/sqlite/open.ts';
import { createAccountInStudio } from '../../src/auth/accounts.ts';
import type { BackgroundTasks } from '../../src/lib/background-tasks.ts';
import { FakeClock } from '../helpers/clock.ts';
import { LogCapture, TEST_PASSWORD } from '../helpers/app.ts';
import { maskRequestId } from '../helpers/http.ts';

/** Runs nothing until released: what is still held when a response arrives ran after it. */
class HeldTasks implements BackgroundTasks {
  private held: Array<() => Promise<void>> = [];
  get size(): number { return this.held.length; }
  run(task: () => Promise<void>): void { this.held.push(task); }
  async release(): Promise<void> {
    const tasks = this.held;
    this.held = [];
    for (const task of tasks) await task();
  }
  async idle(): Promise<void> { await this.release(); }
}

test('R6/R7 reset request: the same answer and no store or hash work before it, for active, disabled and unknown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-reset-timing-'));
  const statements: ExecutedStatement[] = [];
  const store = openSqliteStore(join(dir, 'lightbox.db'), { onStatement: (s) => statements.push(s) });
  const background = new HeldTasks();
  try {
    await store.migrate();
    const config = loadConfig({}, { overrides: { dataDir: dir, server: { publicUrl: 'https://photos.example.test' } }, cwd: dir });
    const clock = new FakeClock();
    const deps = await createDeps(config, store, { clock, logStream: new LogCapture(), background });
    const app = await buildApp(deps);
    try {
      const accountDeps = { store, hasher: deps.hasher, clock, passwordPolicy: { minLength: 15, maxLength: 256 } };
      const { user: active } = await createAccountInStudio(accountDeps, { email: 'ann@example.test', username: 'ann', password: TEST_PASSWORD, studioName: 'Timing Studio', role: 'owner' });
      const { user: disabled } = await createAccountInStudio(accountDeps, { email: 'dis@example.test', username: 'dis', password: TEST_PASSWORD, studioName: 'Timing Studio', role: 'member' });
      await store.users.setUserDisabled(disabled.id, clock.now());

      let hashes = 0;
      const { hash, verify } = { hash: deps.hasher.hash.bind(deps.hasher), verify: deps.hasher.verify.bind(deps.hasher) };
      deps.hasher.hash = (p: string): Promise<string> => { hashes++; return hash(p); };
      deps.hasher.verify = (phc: string, p: string): Promise<boolean> => { hashes++; return verify(phc, p); };

      const cases = { unknown: 'nobody@example.test', disabled: disabled.email, active: active.email };
      const seen: Record<string, { status: number; body: string; headers: string[]; queries: string[]; hashes: number; heldAfter: number }> = {};
      for (const [name, email] of Object.entries(cases)) {
        statements.length = 0;
        hashes = 0;
        const res = await app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email } });
        seen[name] = {
          status: res.statusCode, body: maskRequestId(res.body), headers: Object.keys(res.headers).filter((h) => h !== 'date').sort(),
          queries: statements.filter((s) => s.source === 'query').map((s) => s.sql), hashes, heldAfter: background.size,
        };
        assert.equal((await store.mailOutbox.countMailByStatus()).queued, 0, `${name}: nothing is queued before the answer`);
        await background.release();
      }
      for (const name of Object.keys(cases)) {
        const s = seen[name];
        assert.equal(s?.status, 202, name);
        assert.deepEqual(s?.queries, [], `${name}: no SQL statement on the request's path`);
        assert.equal(s?.hashes, 0, `${name}: no hash work`);
        assert.equal(s?.heldAfter, 1, `${name}: the account-dependent part was still to run when the answer came`);
        assert.deepEqual([s?.body, s?.headers], [seen.unknown?.body, seen.unknown?.headers], `${name}: the same body and header names`);
      }
      // Released, the work did differ: only the active account got a token and a message.
      const mails = await store.mailOutbox.listMail(['queued'], 10);
      assert.deepEqual(mails.map((m) => m.to), [active.email]);
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

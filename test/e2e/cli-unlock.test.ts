// `lightbox user unlock`: the recovery path for a hard-locked account (SECURITY-BAR R8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';
import { buildTestApp, createUser } from '../helpers/app.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, { stdin: Readable.from([]), stdout, stderr, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

test('a hard-locked account logs in again after `user unlock` (and a restart clears the counters)', async () => {
  const t = await buildTestApp({ loginThrottle: { freeFailures: 2, hardLockAfter: 3, baseDelay: 1 } });
  const u = await createUser(t, { studio: 'Locked Studio' });
  const attempt = (password: string): Promise<number> => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password } }).then((r) => r.statusCode);
  for (let i = 0; i < 3; i++) {
    await attempt('definitely the wrong password');
    t.clock.advance(60);
  }
  assert.notEqual((await t.store.users.findUserById(u.id))?.lockedAt ?? null, null, 'the account is hard-locked in the store');
  assert.equal(await attempt(u.password), 429, 'even the right password is refused');

  const run = await cli(['user', 'unlock', '--email', u.email.toUpperCase(), '--data', t.dataDir]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Unlocked user us_/);
  assert.equal((await t.store.users.findUserById(u.id))?.lockedAt, null);

  // A restarted server (fresh counters) on the same data lets the owner in again.
  const restarted = await buildTestApp({ dataDir: t.dataDir });
  try {
    const res = await restarted.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((await cli(['user', 'unlock', '--email', 'nobody@example.test', '--data', t.dataDir])).code, 1, 'unknown users are an error');
  } finally {
    await restarted.app.close();
    await restarted.store.close();
    await t.close();
  }
});

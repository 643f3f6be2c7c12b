// issue #17: the CSRF signing key rotates (`lightbox secrets rotate csrf`): new tokens use the new key, tokens of the
// previous key keep working, and a token two rotations old is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';
import { housekeeping } from '../../src/main.ts';
import { loadCsrfKeys } from '../../src/auth/csrf-keys.ts';
import { verifyCSRFToken } from '../../src/auth/csrf.ts';
import { sha256 } from '../../src/auth/tokens.ts';
import { randomBytes } from 'node:crypto';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { SYSTEM_CLOCK } from '../../src/lib/clock.ts';
import { createUser, login, withTestApp, type TestApp } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

/** `lightbox secrets rotate csrf` against the app's data folder, from outside the server (as an operator runs it). */
async function rotate(t: TestApp): Promise<string> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runCli(['secrets', 'rotate', 'csrf', '--data', t.dataDir], { stdin: Readable.from([]), stdout, stderr, env: {} });
  assert.equal(code, 0, stderr.text);
  await housekeeping(t.deps); // what the running server's hourly sweep does
  return stdout.text;
}

function createClient(t: TestApp, cookie: string, csrf: string, email: string): Promise<{ statusCode: number; body: string; json(): { code?: string } }> {
  return t.app.inject({ method: 'POST', url: '/api/v1/clients', headers: { cookie, 'x-csrf-token': csrf }, payload: { email, first_name: 'Rotation' } }) as never;
}

test('a rotation keeps the previous key for verification only, and drops the one before it', () => withTestApp({}, async (t) => {
  const user = await createUser(t, { studio: 'Rotation Studio' });
  const before = await loadCsrfKeys(t.store.secrets, t.clock);
  const s = await login(t, user);
  const sessionId = sha256(s.session);
  assert.equal(verifyCSRFToken([before[0]], sessionId, s.csrf), true);

  assert.match(await rotate(t), /Rotated the CSRF signing key \(2 keys now accepted\)/);
  const after = await loadCsrfKeys(t.store.secrets, t.clock);
  assert.equal(after.length, 2);
  assert.ok(after[1]?.equals(before[0]), 'the previous key is kept, second');
  assert.ok(!after[0].equals(before[0]), 'a new first key');

  // The page loaded before the rotation still posts.
  assert.equal((await createClient(t, s.cookie, s.csrf, 'before@example.test')).statusCode, 201);
  // A token issued now is signed with the new key.
  const fresh = (await t.app.inject({ method: 'GET', url: '/api/csrf', headers: { cookie: s.cookie } })).json().csrf_token as string;
  assert.equal(verifyCSRFToken([after[0]], sessionId, fresh), true);
  assert.equal(verifyCSRFToken(before, sessionId, fresh), false);
  assert.equal((await createClient(t, s.cookie, fresh, 'fresh@example.test')).statusCode, 201);

  // One rotation later the original key is gone: its token is refused, the last one's still works.
  await rotate(t);
  assertJsonError(await createClient(t, s.cookie, s.csrf, 'stale@example.test') as never, 403, 'csrf_failed');
  assert.equal((await createClient(t, s.cookie, fresh, 'still@example.test')).statusCode, 201);
}));

test('an install from before rotation keeps its single key: it becomes the first of the list, so no token breaks', async () => {
  const store = openSqliteStore(':memory:');
  try {
    await store.migrate();
    const legacy = randomBytes(32).toString('base64url');
    await store.secrets.putSecret('csrf_hmac_key', legacy, 1);
    const keys = await loadCsrfKeys(store.secrets, SYSTEM_CLOCK);
    assert.deepEqual(keys.map((k) => k.toString('base64url')), [legacy]);
    assert.deepEqual((await loadCsrfKeys(store.secrets, SYSTEM_CLOCK)).map((k) => k.toString('base64url')), [legacy], 'loading again changes nothing');
  } finally {
    await store.close();
  }
});

test('secrets rotate names what it rotates', async () => withTestApp({}, async (t) => {
  const stderr = new Sink();
  const code = await runCli(['secrets', 'rotate', 'jwt', '--data', t.dataDir], { stdin: Readable.from([]), stdout: new Sink(), stderr, env: {} });
  assert.equal(code, 2);
  assert.match(stderr.text, /one secret name: csrf/);
}));

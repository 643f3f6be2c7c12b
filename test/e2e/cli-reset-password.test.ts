// issue #20: `lightbox user reset-password EMAIL` sets a password from the shell under the policy and ends every session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';
import { buildTestApp, createUser, login } from '../helpers/app.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function cli(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, { stdin: Readable.from([stdin]), stdout, stderr, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const NEW_PASSWORD = 'set from the shell at midnight';

test('reset-password from the shell: policy applied, every session ended, the new password works', async () => {
  const t = await buildTestApp();
  try {
    const u = await createUser(t, { studio: 'Shell Studio' });
    const browser = await login(t, u);
    const me = async (): Promise<number> => (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: browser.cookie } })).statusCode;
    assert.equal(await me(), 200);

    const weak = await cli(['user', 'reset-password', u.email, '--password-stdin', '--data', t.dataDir], 'short\n');
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /at least 15 characters/);
    assert.equal(await me(), 200, 'a refused password changes nothing');

    const run = await cli(['users', 'reset-password', u.email.toUpperCase(), '--password-stdin', '--data', t.dataDir], `${NEW_PASSWORD}\n`);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Password reset for user us_\w+ \(.+\): 1 session ended\n$/);
    assert.equal(await me(), 401, 'the old session is refused');
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password } })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: NEW_PASSWORD } })).statusCode, 201);
    const events = await t.store.audit.listAuditEvents(u.studioId ?? '', { kinds: ['password_reset'] }, null, 10);
    assert.deepEqual(events.map((e) => [e.actorId, e.data.via]), [[u.id, 'cli']]);

    const unknown = await cli(['user', 'reset-password', 'nobody@example.test', '--password-stdin', '--data', t.dataDir], `${NEW_PASSWORD}\n`);
    assert.deepEqual([unknown.code, unknown.stderr], [1, 'lightbox: No such user\n']);
    assert.equal((await cli(['user', 'reset-password', '--password-stdin', '--data', t.dataDir])).code, 2, 'no email is a usage error');
  } finally {
    await t.close();
  }
});

test('a mailed link still in the mailbox stops working after a reset from the shell', async () => {
  const t = await buildTestApp({ server: { publicUrl: 'https://photos.example.test' } });
  try {
    const u = await createUser(t);
    await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: u.email } });
    await t.deps.background.idle();
    const [mail] = await t.store.mailOutbox.listMail(['queued'], 10);
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1] ?? '';
    assert.equal((await cli(['user', 'reset-password', u.email, '--password-stdin', '--data', t.dataDir], `${NEW_PASSWORD}\n`)).code, 0);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token, password: 'an attacker with the old mail' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'reset_link_invalid');
  } finally {
    await t.close();
  }
});

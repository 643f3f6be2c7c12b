// issue #5: the curl examples of /api/help, run with real curl against a listening server, do what they say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../helpers/app.ts';
import type { Example, HelpDocument } from '../../src/http/docs/help-schema.ts';

function hasCurl(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const SKIP = hasCurl() ? false : 'curl is not installed on this machine';
const MARK = '@@step@@';

/** Single quotes inside a placeholder value would end the shell string around it; the test users have none. */
function fill(command: string, values: Record<string, string>): string {
  return Object.entries(values).reduce((c, [placeholder, value]) => c.split(placeholder).join(value), command);
}

/** Runs an example's steps in one bash (so variables carry over), in a fresh directory; returns each step's output. */
async function runExample(example: Example, values: Record<string, string>, extra: string[] = []): Promise<string[]> {
  for (const p of example.placeholders) assert.ok(values[p] !== undefined, `a value for ${p}`);
  const script = ['set -eu', ...example.steps.flatMap((s) => [`echo '${MARK}'`, fill(s.command, values)]), `echo '${MARK}'`, ...extra].join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-curl-'));
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile('bash', ['-c', script], { cwd: dir, timeout: 30_000 }, (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}\n${out}`)) : resolve(out)));
    });
    return stdout.split(`${MARK}\n`).slice(1).map((s) => s.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function liveHelp(overrides: Parameters<typeof buildTestApp>[0]): Promise<{ t: TestApp; doc: HelpDocument; user: TestUser; values: Record<string, string> }> {
  const t = await buildTestApp(overrides);
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const user = await createUser(t, { studio: 'Curl Studio' });
  const doc = (await (await fetch(`${address}/api/help`)).json()) as HelpDocument;
  assert.equal(doc.base_url, address, 'the examples name the address the server listens on');
  return { t, doc, user, values: { '<email>': user.email, '<username>': user.username, '<password>': user.password } };
}

function scheme(doc: HelpDocument, id: string): Example {
  const found = doc.authentication.schemes.find((s) => s.id === id);
  assert.ok(found, `scheme ${id}`);
  return found.example;
}

test('the cookie + CSRF example: log in, read, create a client with the CSRF header, log out', { skip: SKIP }, async () => {
  const { t, doc, user, values } = await liveHelp({});
  try {
    const out = await runExample(scheme(doc, 'session'), values, ['test -n "$CSRF"', 'echo "csrf=$CSRF"']);
    const [login, , me, created, logout, check] = out;
    assert.ok(login?.includes('"csrf_token"'), `login: ${login}`);
    assert.equal(JSON.parse(me ?? '{}').user.email, user.email);
    const client = JSON.parse(created ?? '{}') as { data?: { email?: string; id?: string } };
    assert.equal(client.data?.email, 'ann@example.com', `create: ${created}`);
    assert.deepEqual(JSON.parse(logout ?? '{}'), { logged_out: true });
    assert.match(check ?? '', /^csrf=\S+$/);
    // The client really is in the studio.
    assert.equal((await t.store.clients.listClients(user.studioId as string, { types: null, search: null }, { offset: 0, limit: 10 })).total, 1);
  } finally {
    await t.close();
  }
});

test('the token-mode, JWT, personal-access-token and Basic examples run as written', { skip: SKIP }, async () => {
  const { t, doc, user, values } = await liveHelp({ auth: { basic: { enabled: true, allowInsecure: true } } });
  try {
    const token = await runExample(scheme(doc, 'token'), values);
    assert.equal(token.length, 6);
    assert.ok(JSON.parse(token[1] ?? '{}').data, `clients via X-Auth-Token: ${token[1]}`);
    assert.equal(JSON.parse(token[2] ?? '{}').auth.scheme, 'token');
    assert.equal(JSON.parse(token[3] ?? '{}').auth.scheme, 'token', 'auth_token query parameter');
    assert.deepEqual(JSON.parse(token[4] ?? '{}'), { logged_out: true });

    const jwt = await runExample(scheme(doc, 'jwt'), values);
    assert.equal(JSON.parse(jwt[2] ?? '{}').auth.scheme, 'jwt');
    assert.deepEqual(JSON.parse(jwt[5] ?? '{}'), { logged_out: true }, 'logout with the refreshed access token');

    const pat = await runExample(scheme(doc, 'pat'), values, ['case "$PAT" in lbx_pat_*) echo ok;; *) echo "no token: $PAT"; exit 1;; esac']);
    assert.ok(JSON.parse(pat[3] ?? '{}').data, `clients via PAT: ${pat[3]}`);

    const basic = await runExample(scheme(doc, 'basic'), values);
    assert.equal(JSON.parse(basic[0] ?? '{}').user.email, user.email);
    assert.equal(JSON.parse(basic[0] ?? '{}').auth.scheme, 'basic');
  } finally {
    await t.close();
  }
});

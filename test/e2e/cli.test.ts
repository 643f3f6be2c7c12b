// issue #2: the `lightbox` CLI with fake stdio: user create, studio create, migrate, usage and configuration errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';
import type { CommandIO } from '../../src/cli/io.ts';
import { buildTestApp } from '../helpers/app.ts';
import { postgresSkip, withTestDatabase } from '../helpers/postgres.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

interface Run { code: number; stdout: string; stderr: string }

async function cli(argv: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CommandIO = { stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]), stdout, stderr, env: options.env ?? {} };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const PASSWORD = 'darkroom chemistry smells great';

describe('lightbox CLI', () => {
  let data: string;
  before(() => {
    data = mkdtempSync(join(tmpdir(), 'lightbox-cli-'));
  });
  after(() => rmSync(data, { recursive: true, force: true }));

  test('migrate creates the database in --data', async () => {
    const run = await cli(['migrate', '--data', data]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /up to date/);
    assert.ok(existsSync(join(data, 'lightbox.db')));
    assert.equal((await cli(['migrate', '--data', data])).code, 0, 'idempotent');
  });

  test('user create --password-stdin creates a user who can log in over HTTP', async () => {
    const run = await cli(['user', 'create', '--email', 'Owner@Studio.example', '--username', 'studio-owner', '--first-name', 'Olu', '--last-name', 'Owner',
      '--studio', 'North Light', '--role', 'owner', '--password-stdin', '--data', data], { stdin: `${PASSWORD}\n` });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Created user us_[0-9A-Za-z]{22} \(Owner@Studio\.example\) as owner of North Light \(st_/);
    assert.ok(!run.stdout.includes(PASSWORD) && !run.stderr.includes(PASSWORD));

    const t = await buildTestApp({ dataDir: data });
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'owner@studio.example', password: PASSWORD } });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().studios.map((s: { name: string; role: string }) => [s.name, s.role]), [['North Light', 'owner']]);
      assert.equal(res.json().user.first_name, 'Olu');
    } finally {
      await t.close();
    }
  });

  test('LIGHTBOX_DATA in the environment picks the data folder', async () => {
    const run = await cli(['user', 'create', '--email', 'member@studio.example', '--username', 'member1', '--studio', 'North Light', '--password-stdin'],
      { stdin: PASSWORD, env: { LIGHTBOX_DATA: data } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /as member of North Light/, 'joins the existing studio with the default role');
  });

  test('user create refuses a password on argv, a weak password and a duplicate', async () => {
    const argvPassword = await cli(['user', 'create', '--email', 'x@studio.example', '--username', 'xuser', '--password', PASSWORD, '--data', data]);
    assert.equal(argvPassword.code, 2);
    const weak = await cli(['user', 'create', '--email', 'w@studio.example', '--username', 'wuser', '--password-stdin', '--data', data], { stdin: 'password' });
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /[Pp]assword/);
    const dup = await cli(['user', 'create', '--email', 'OWNER@studio.example', '--username', 'other', '--password-stdin', '--data', data], { stdin: PASSWORD });
    assert.equal(dup.code, 1);
    const missing = await cli(['user', 'create', '--username', 'nomail', '--password-stdin', '--data', data], { stdin: PASSWORD });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--email/);
    const role = await cli(['user', 'create', '--email', 'r@studio.example', '--username', 'ruser', '--role', 'emperor', '--studio', 'X', '--password-stdin', '--data', data], { stdin: PASSWORD });
    assert.equal(role.code, 2);
    const noTty = await cli(['user', 'create', '--email', 'p@studio.example', '--username', 'puser', '--data', data]);
    assert.equal(noTty.code, 2, 'no terminal to prompt on');
  });

  test('studio create; the same name again is a conflict', async () => {
    const run = await cli(['studio', 'create', '--name', 'Golden Hour Co', '--data', data]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Created studio Golden Hour Co \(st_[0-9A-Za-z]{22}, slug golden-hour-co\)/);
    const again = await cli(['studio', 'create', '--name', 'golden hour co', '--data', data]);
    assert.equal(again.code, 1);
    assert.equal((await cli(['studio', 'create', '--data', data])).code, 2, '--name is required');
  });

  test('unknown command → 2, no command → 2 with usage, --help → 0', async () => {
    const unknown = await cli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    assert.equal((await cli(['user', 'delete'])).code, 2);
    const none = await cli([]);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /Usage: lightbox/);
    assert.equal((await cli(['--help'])).code, 0);
    assert.equal((await cli(['user', 'create', '--help'])).code, 0);
    assert.equal((await cli(['migrate', '--bogus-flag'])).code, 2);
  });

  test('bad configuration → 2 with a message naming every bad key', async () => {
    const env = await cli(['migrate', '--data', data], { env: { LIGHTBOX_PORT: 'not-a-port', LIGHTBOX_NOPE: '1' } });
    assert.equal(env.code, 2);
    assert.match(env.stderr, /LIGHTBOX_PORT/);
    assert.match(env.stderr, /LIGHTBOX_NOPE/);

    const file = join(data, 'bad.config.json');
    writeFileSync(file, JSON.stringify({ session: { idleTimeout: -1 }, extra: true }));
    const fromFile = await cli(['studio', 'create', '--name', 'Never', '--config', file, '--data', data]);
    assert.equal(fromFile.code, 2);
    assert.match(fromFile.stderr, /session\.idleTimeout/);
    assert.match(fromFile.stderr, /extra/);

    const serve = await cli(['serve', '--port', '99999', '--data', data]);
    assert.equal(serve.code, 2);
    assert.match(serve.stderr, /--port/);
  });
});

// issue #19: the same commands on PostgreSQL, chosen by LIGHTBOX_STORE_KIND and LIGHTBOX_STORE_URL.
describe('lightbox CLI on PostgreSQL', { skip: await postgresSkip('the CLI on PostgreSQL') }, () => {
  test('migrate (idempotent) and studio create use the database at LIGHTBOX_STORE_URL; the output hides its password', () => withTestDatabase(async (database) => {
    const url = new URL(database.url);
    url.password = 'not-shown-anywhere'; // the test server trusts loopback, so any password connects
    const env = { LIGHTBOX_STORE_KIND: 'postgres', LIGHTBOX_STORE_URL: url.toString() };
    for (let i = 0; i < 2; i++) {
      const run = await cli(['migrate'], { env });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`up to date \\(postgres://postgres@127\\.0\\.0\\.1:5432/${database.name}\\)`));
      assert.ok(!run.stdout.includes('not-shown-anywhere') && !run.stderr.includes('not-shown-anywhere'));
    }
    const created = await cli(['studio', 'create', '--name', 'Postgres Light'], { env });
    assert.equal(created.code, 0, created.stderr);
    assert.equal((await cli(['studio', 'create', '--name', 'Postgres Light'], { env })).code, 1, 'the slug is taken in that database');
  }));
});

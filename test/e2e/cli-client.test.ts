// issue #5: the CLI's client commands through runCli with fake stdio against a live server: login, lists, upload, download.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';
import type { CommandIO } from '../../src/cli/io.ts';
import { createClient } from '../../src/client/index.ts';
import { createUser, type TestUser } from '../helpers/app.ts';
import { sampleJpeg } from '../helpers/gallery.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

interface Run { code: number; stdout: string; stderr: string }

describe('lightbox client commands', () => {
  let s: LiveServer;
  let user: TestUser;
  let home: string;
  let env: Record<string, string>;
  const cli = async (argv: string[], stdin?: string): Promise<Run> => {
    const stdout = new Capture();
    const stderr = new Capture();
    const io: CommandIO = { stdin: Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]), stdout, stderr, env };
    return { code: await runCli(argv, io), stdout: stdout.text, stderr: stderr.text };
  };
  before(async () => {
    s = await startLiveServer();
    user = await createUser(s, { studio: 'CLI Studio' });
    home = mkdtempSync(join(tmpdir(), 'lightbox-cli-home-'));
    env = { XDG_CONFIG_HOME: join(home, 'config'), HOME: home };
  });
  after(async () => {
    await s.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('before login: exit 3 with a hint; --help everywhere exits 0', async () => {
    const run = await cli(['whoami']);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /lightbox login/);
    for (const argv of [['login', '--help'], ['whoami', '--help'], ['clients', 'list', '--help'], ['tokens', '--help'], ['app-keys', 'create', '--help'], ['upload', '--help'], ['download', '--help'], ['collections', '--help']]) {
      const help = await cli(argv);
      assert.equal(help.code, 0, argv.join(' '));
      assert.match(help.stdout, /^Usage: lightbox/, argv.join(' '));
    }
    assert.equal((await cli(['tokens'])).code, 2);
    assert.equal((await cli(['upload'])).code, 2);
  });

  test('login saves a 0600 token file; whoami, clients list (--json), logout', async () => {
    const bad = await cli(['login', '--server', s.url, '--email', user.email, '--password-stdin'], 'wrong password entirely');
    assert.equal(bad.code, 3, bad.stderr);
    const run = await cli(['login', '--server', s.url, '--email', user.email, '--password-stdin'], `${user.password}\n`);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Logged in to http:\/\/127\.0\.0\.1:\d+ as .* in CLI Studio/);
    const file = join(env.XDG_CONFIG_HOME ?? '', 'lightbox', 'credentials.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { server: string; token: string };
    assert.equal(saved.server, s.url);
    assert.ok(!run.stdout.includes(saved.token) && !run.stderr.includes(saved.token), 'the token is never printed');

    const who = await cli(['whoami']);
    assert.equal(who.code, 0, who.stderr);
    assert.match(who.stdout, /CLI Studio.*as owner, via token/);

    const api = createClient({ baseUrl: s.url, auth: { type: 'token', token: saved.token } });
    await api.clients.create({ email: 'listed@example.test', first_name: 'Listed' });
    const table = await cli(['clients', 'list']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^ID\s+TYPE\s+EMAIL\s+NAME\n/);
    assert.match(table.stdout, /listed@example\.test\s+Listed/);
    const json = await cli(['clients', 'list', '--json']);
    assert.deepEqual((JSON.parse(json.stdout) as Array<{ email: string }>).map((c) => c.email), ['listed@example.test']);

    const out = await cli(['logout']);
    assert.equal(out.code, 0, out.stderr);
    assert.throws(() => statSync(file));
    await assert.rejects(api.me(), { status: 401 });
  });

  test('tokens and app-keys create, list (--json) and revoke', async () => {
    assert.equal((await cli(['login', '--server', s.url, '--email', user.email, '--password-stdin'], user.password)).code, 0);
    const created = await cli(['tokens', 'create', '--name', 'ci', '--scope', 'clients:read', '--scope', 'account:read']);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^lbx_pat_\S+\n$/);
    const list = JSON.parse((await cli(['tokens', 'list', '--json'])).stdout) as Array<{ id: string; name: string; revoked: boolean }>;
    const token = list.find((t) => t.name === 'ci');
    assert.ok(token);
    assert.equal((await cli(['tokens', 'revoke', token.id])).code, 0);
    assert.match((await cli(['tokens', 'list'])).stdout, /ci .*revoked/);
    assert.equal((await cli(['tokens', 'create', '--name', 'x'])).code, 2, 'a scope is required');

    const key = await cli(['app-keys', 'create', '--name', 'Lightroom plugin']);
    assert.equal(key.code, 0, key.stderr);
    assert.match(key.stdout, /^lbx_app_\S+\n$/);
    const keys = JSON.parse((await cli(['app-keys', 'list', '--json'])).stdout) as Array<{ id: string }>;
    assert.equal((await cli(['app-keys', 'revoke', keys[0]?.id ?? ''])).code, 0);
    assert.equal((await cli(['app-keys', 'revoke', 'ak_AAAAAAAAAAAAAAAAAAAAAA'])).code, 1);
  });

  test('upload shows progress, resumes by skipping what is there; collections list; download resumes', async () => {
    assert.equal((await cli(['login', '--server', s.url, '--email', user.email, '--password-stdin'], user.password)).code, 0);
    const saved = JSON.parse(readFileSync(join(env.XDG_CONFIG_HOME ?? '', 'lightbox', 'credentials.json'), 'utf8')) as { token: string };
    const api = createClient({ baseUrl: s.url, auth: { type: 'token', token: saved.token } });
    const collection = await api.collections.create({ name: 'CLI Wedding' });
    const gallery = await api.galleries.create(collection.id, { name: 'Party' });

    const folder = join(home, 'shoot');
    mkdirSync(join(folder, 'nested'), { recursive: true });
    writeFileSync(join(folder, 'a.jpg'), await sampleJpeg({ color: '#101010' }));
    writeFileSync(join(folder, 'nested', 'b.jpg'), await sampleJpeg({ color: '#202020' }));
    writeFileSync(join(folder, 'notes.txt'), 'not an image');
    const broken = join(home, 'broken.jpg');
    writeFileSync(broken, 'this is not a JPEG');

    // First run: only a.jpg (an interrupted upload, as far as the gallery can tell).
    const first = await cli(['upload', gallery.id, join(folder, 'a.jpg')]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /Uploading \[1\/1\] [\d.]+ (B|KB) \/ [\d.]+ (B|KB) [\d.]+ (B|KB|MB)\/s a\.jpg/);

    const second = await cli(['upload', gallery.id, folder, broken]);
    assert.equal(second.code, 1, 'one file failed');
    assert.match(second.stderr, /Skipping 1 file\(s\) already in the gallery/);
    assert.match(second.stderr, /Uploading \[1\/2\] .* b\.jpg/);
    assert.match(second.stdout, /Uploaded 1 file\(s\), .*; skipped 1; failed 1/);
    assert.match(second.stderr, /Failed:\n {2}.*broken\.jpg: /);
    const names: string[] = [];
    for await (const p of api.galleries.iteratePhotos(gallery.id)) names.push(p.filename);
    assert.deepEqual(names.sort(), ['a.jpg', 'b.jpg']);

    const collections = await cli(['collections', 'list', '--json']);
    assert.ok((JSON.parse(collections.stdout) as Array<{ id: string }>).some((c) => c.id === collection.id));
    await api.collections.create({ name: 'Ätna cli hike' });
    await api.collections.create({ name: 'Beach cli day' });
    const searched = await cli(['collections', 'list', '--q', 'CLI', '--sort', 'name', '--json']);
    assert.equal(searched.code, 0, searched.stderr);
    assert.deepEqual((JSON.parse(searched.stdout) as Array<{ name: string }>).map((c) => c.name), ['Ätna cli hike', 'Beach cli day', 'CLI Wedding'], 'searched ignoring case, sorted by name');
    const refused = await cli(['collections', 'list', '--sort', 'size']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /sort/, refused.stderr);

    const dir = join(home, 'download');
    const down = await cli(['download', collection.id, dir]);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, /Downloaded 2 file\(s\)/);
    assert.deepEqual(readFileSync(join(dir, 'Party', 'b.jpg')), readFileSync(join(folder, 'nested', 'b.jpg')));
    const again = await cli(['download', collection.id, dir]);
    assert.match(again.stdout, /Downloaded 0 file\(s\).*skipped 2/);
  });
});

// issue #22, attack tools: sqlmap against a real server on 127.0.0.1, on the login body, the query parameters of a
// list route and the session cookie: nothing injectable. A deliberately injectable server is the control that shows
// sqlmap (with these options) finds an injection when there is one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startLightboxProcess } from '../helpers/lightbox-process.ts';
import { runTool, startControlServer, toolSkip } from './tools.ts';

const INJECTABLE = /sqlmap identified the following injection point|parameter '[^']+' is vulnerable|parameter '[^']+' appears to be '.+' injectable/i;
const CLEAN = /all tested parameters do not appear to be injectable|do(es)? not seem to be injectable/i;

test('sqlmap finds nothing injectable in the login body, list query parameters or the session cookie; the control is found', { skip: toolSkip('sqlmap'), timeout: 600_000 }, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lightbox-sqlmap-'));
  // The throttles would answer 429 after a few guesses and hide the answers sqlmap compares: raise them for this run.
  const p = await startLightboxProcess({ demo: true, env: { LIGHTBOX_LOG_LEVEL: 'warn', LIGHTBOX_LOGIN_THROTTLE_FREE_FAILURES: '1000000', LIGHTBOX_LOGIN_THROTTLE_IP_MAX_FAILURES: '1000000' } });
  const db = new Database(':memory:');
  db.exec("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO people (name) VALUES ('anna'), ('ben')");
  const control = await startControlServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').searchParams.get('name') ?? '';
    try {
      const rows = db.prepare(`SELECT id, name FROM people WHERE name = '${name}'`).all(); // injectable on purpose
      res.end(JSON.stringify(rows));
    } catch {
      res.statusCode = 500;
      res.end('error');
    }
  });
  t.after(async () => {
    await p.stop();
    await control.close();
    db.close();
    rmSync(out, { recursive: true, force: true });
  });
  const common = ['--batch', '--disable-coloring', '--threads', '4', '--level', '2', '--risk', '1', '--technique', 'BEUS', '--output-dir', out, '--ignore-code', '401,403,404,422'];
  const sqlmap = async (label: string, args: string[]): Promise<string> => {
    const run = await runTool('sqlmap', [...args, ...common], 240_000);
    t.diagnostic(`${label}: ${run.output.split('\n').filter((l) => INJECTABLE.test(l) || CLEAN.test(l) || /\[CRITICAL\]/.test(l)).slice(-3).join(' | ')}`);
    return run.output;
  };

  const demo = p.demo!;
  const login = await fetch(`${p.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: demo.email, password: demo.password }) });
  const session = login.headers.getSetCookie().find((c) => c.startsWith('sessionid='))?.split(';')[0] ?? '';
  const tokenLogin = await fetch(`${p.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: demo.email, password: demo.password, mode: 'token' }) });
  const token = ((await tokenLogin.json()) as { token: string }).token;
  assert.ok(session && token);

  const body = await sqlmap('login body', ['-u', `${p.url}/api/auth/login`, '--data', `{"email":"${demo.email}*","password":"guess*"}`, '--headers', 'Content-Type: application/json']);
  const query = await sqlmap('list query', ['-u', `${p.url}/api/v1/clients?q=anna*&page=1*&per_page=10*&types=client*`, '--headers', `X-Auth-Token: ${token}`]);
  const cookie = await sqlmap('session cookie', ['-u', `${p.url}/api/auth/me`, '--cookie', `${session}*`]);
  for (const [label, output] of [['login body', body], ['list query', query], ['session cookie', cookie]] as const) {
    assert.doesNotMatch(output, INJECTABLE, `${label}: sqlmap reports an injection`);
    assert.match(output, CLEAN, `${label}: sqlmap ran its tests to the end`);
    assert.doesNotMatch(output, /\[CRITICAL\] (connection|unable to connect)/, `${label}: the server kept answering`);
  }
  assert.equal((await fetch(`${p.url}/readyz`)).status, 200, 'the server is still healthy');

  const found = await sqlmap('control', ['-u', `http://127.0.0.1:${control.port}/people?name=anna`]);
  assert.match(found, INJECTABLE, 'the control: sqlmap finds the injectable parameter');
});

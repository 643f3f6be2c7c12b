// issue #17: a request's credential resolves with one SQL statement (the session or token joined with its user and
// role), counted on a real app over SQLite; once cached, with none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { createDeps, databaseFile } from '../../src/main.ts';
import { buildApp } from '../../src/app.ts';
import { openSqliteStore, type ExecutedStatement, type SqliteStore } from '../../src/store/sqlite/open.ts';
import { createAccessToken } from '../../src/auth/access-tokens.ts';
import { createAccountInStudio } from '../../src/auth/accounts.ts';
import type { AppDeps } from '../../src/http/deps.ts';
import { FakeClock } from '../helpers/clock.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';

let app: FastifyInstance;
let store: SqliteStore;
let dataDir: string;
let deps: AppDeps;
const statements: ExecutedStatement[] = [];
let counting = false;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lightbox-statements-'));
  const config = loadConfig({}, { overrides: { dataDir, log: { level: 'warn' } }, cwd: dataDir });
  store = openSqliteStore(databaseFile(config), { onStatement: (s) => { if (counting && s.source === 'query') statements.push(s); } });
  await store.migrate();
  deps = await createDeps(config, store, { clock: new FakeClock() });
  app = await buildApp(deps);
});

after(async () => {
  await app.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The SQL one request runs, apart from everything before and after it. */
async function sqlOf(headers: Record<string, string>): Promise<{ status: number; sql: string[] }> {
  statements.length = 0;
  counting = true;
  // GET /api/csrf reads nothing itself: whatever SQL it runs is the credential's resolution.
  const res = await app.inject({ method: 'GET', url: '/api/csrf', headers });
  counting = false;
  return { status: res.statusCode, sql: statements.map((s) => s.sql) };
}

const selects = (sql: string[]): string[] => sql.filter((q) => /^select/i.test(q));

test('a session cookie, a token-mode token, a JWT and a personal access token each resolve with one statement, then none', async () => {
  const email = 'count@example.test';
  const password = TEST_PASSWORD;
  const { user, studio } = await createAccountInStudio(
    { store, hasher: deps.hasher, clock: deps.clock, passwordPolicy: { minLength: 8, maxLength: 256 } },
    { email, username: 'count', firstName: 'Count', lastName: 'Statements', password, studioName: 'Counting Studio', role: 'owner' },
  );
  assert.ok(studio);
  const cookieLogin = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  const session = /sessionid=([^;]+)/.exec(String(cookieLogin.headers['set-cookie']))?.[1] ?? '';
  const token = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password, mode: 'token' } })).json().token as string;
  const jwt = (await app.inject({ method: 'POST', url: '/api/auth/token/obtain', payload: { email, password } })).json().access as string;
  const pat = await createAccessToken(store, deps.clock, { userId: user.id, studioId: studio.id, name: 'count', scopes: ['account:read'], expiresAt: null });

  const cases: Record<string, Record<string, string>> = {
    cookie: { cookie: `sessionid=${session}` },
    token: { 'x-auth-token': token },
    jwt: { authorization: `Bearer ${jwt}` },
    pat: { authorization: `Bearer ${pat.token}` },
  };
  for (const [name, headers] of Object.entries(cases)) {
    const first = await sqlOf(headers);
    assert.equal(first.status, 200, name);
    assert.equal(selects(first.sql).length, 1, `${name}: one lookup\n${first.sql.join('\n')}`);
    assert.match(selects(first.sql)[0] ?? '', /join/i, `${name}: the credential joined with its user and role`);
    // Anything else is the throttled last-used write of a token that was never used (its first request only).
    assert.ok(first.sql.every((q) => /^select/i.test(q) || /^update "access_tokens" set "last_used_at"/i.test(q)), `${name}: ${first.sql.join('\n')}`);
    const again = await sqlOf(headers);
    assert.equal(again.status, 200, name);
    assert.deepEqual(again.sql, [], `${name}: served from the store's cache`);
  }
});

// issue #2: no session fixation; session ids are 32 random bytes, distinct, and stored only as SHA-256 (grey-box).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildTestApp, cookieOf, createUser, login, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertSessionInvalid } from '../helpers/http.ts';
import { sha256 } from '../../src/auth/tokens.ts';

const ATTACKER = 'AttackerChosenSessionValue0123456789abcdefg';

describe('session identifiers', () => {
  let t: TestApp;
  let user: TestUser;
  before(async () => {
    t = await buildTestApp();
    user = await createUser(t, { studio: 'Fixation Studio' });
  });
  after(async () => t.close());

  test('an attacker-chosen cookie value is never adopted', async () => {
    assert.equal(ATTACKER.length, 43);
    assertSessionInvalid(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `sessionid=${ATTACKER}` } }));
    assert.equal(await t.store.sessions.findSession(sha256(ATTACKER)), null);
    assert.equal(await t.store.sessions.findSession(ATTACKER), null);

    const res = await t.app.inject({
      method: 'POST', url: '/api/auth/login',
      headers: { cookie: `sessionid=${ATTACKER}; csrftoken=attacker-csrf` },
      payload: { email: user.email, password: user.password },
    });
    assert.equal(res.statusCode, 201);
    const issued = cookieOf(res, 'sessionid')?.value;
    assert.ok(issued);
    assert.notEqual(issued, ATTACKER, 'login issues a server-generated value');
    assert.notEqual(cookieOf(res, 'csrftoken')?.value, 'attacker-csrf', 'the pre-login csrftoken is replaced');
    assertSessionInvalid(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `sessionid=${ATTACKER}` } }));
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `sessionid=${issued}` } })).statusCode, 200);
  });

  test('the browser form login does not adopt a planted cookie either', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/login',
      headers: { cookie: `sessionid=${ATTACKER}`, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: user.email, password: user.password }).toString(),
    });
    assert.equal(res.statusCode, 303);
    assert.notEqual(cookieOf(res, 'sessionid')?.value, ATTACKER);
  });

  test('ids are 43-character base64url (32 bytes), distinct, and stored only as their SHA-256', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 8; i++) tokens.push((await login(t, user)).session);
    for (const token of tokens) {
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(token, 'base64url').length, 32);
    }
    assert.equal(new Set(tokens).size, tokens.length);

    const db = new Database(join(t.dataDir, 'lightbox.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT * FROM sessions').all() as Array<Record<string, unknown>>;
      const ids = new Set(rows.map((r) => r.id));
      for (const token of tokens) {
        assert.ok(ids.has(sha256(token)), 'the row is keyed by the SHA-256 of the token');
        for (const row of rows) assert.ok(!Object.values(row).some((v) => String(v).includes(token)), 'no column holds the raw token');
      }
    } finally {
      db.close();
    }
    const files = readdirSync(t.dataDir).filter((f) => f.startsWith('lightbox.db'));
    assert.ok(files.length >= 1);
    for (const f of files) {
      const bytes = readFileSync(join(t.dataDir, f));
      for (const token of tokens) assert.equal(bytes.includes(token), false, `${f} does not contain a raw token`);
    }
  });

  test('the token hash is what the store knows: presenting the stored hash as a cookie fails', async () => {
    const s = await login(t, user);
    assertSessionInvalid(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `sessionid=${sha256(s.session)}` } }));
  });
});

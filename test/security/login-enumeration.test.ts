// issue #2: a failed login never says whether the account exists: unknown, wrong password, disabled and locked look alike.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertJsonError, maskRequestId } from '../helpers/http.ts';

/** Status, body and header names; the values of date-like headers naturally differ. */
function fingerprint(res: LightMyRequestResponse, identifier = ''): { status: number; body: string; headers: string[]; challenge: unknown } {
  return {
    status: res.statusCode,
    body: maskRequestId(identifier ? res.body.split(identifier).join('<id>') : res.body),
    headers: Object.keys(res.headers).filter((h) => h !== 'date' && h !== 'keep-alive').sort(),
    challenge: res.headers['www-authenticate'],
  };
}

describe('login enumeration resistance', () => {
  let t: TestApp;
  let known: TestUser;
  let disabled: TestUser;
  let locked: TestUser;
  before(async () => {
    t = await buildTestApp({ loginThrottle: { freeFailures: 50, ipMaxFailures: 1000 } });
    known = await createUser(t, { studio: 'Enum Studio' });
    disabled = await createUser(t);
    locked = await createUser(t);
    await t.store.users.setUserDisabled(disabled.id, t.clock.now());
    await t.store.users.setUserLocked(locked.id, t.clock.now());
  });
  after(async () => t.close());

  const cases = (): Array<[string, string, string]> => [
    ['unknown email', 'nobody-here@example.test', 'whatever password 123'],
    ['known email, wrong password', known.email, 'wrong password entirely'],
    ['known username, wrong password', known.username, 'wrong password entirely'],
    ['disabled user, right password', disabled.email, disabled.password],
    ['locked user, right password', locked.email, locked.password],
  ];

  for (const [url, status] of [['/api/auth/login', 401], ['/login', 401]] as const) {
    test(`${url} (JSON): every failure is the same 401 byte for byte`, async () => {
      const prints = [];
      for (const [name, identifier, password] of cases()) {
        const res = await t.app.inject({ method: 'POST', url, headers: { accept: 'application/json' }, payload: { email: identifier, password } });
        const body = assertJsonError(res, status, 'invalid_credentials');
        assert.equal(body.error, 'Unauthorized', name);
        assert.ok(res.headers['www-authenticate'], name);
        assert.doesNotMatch(res.body, /exist|unknown|disabled|locked|not found/i, name);
        prints.push(fingerprint(res));
      }
      for (const p of prints.slice(1)) assert.deepEqual(p, prints[0]);
    });
  }

  test('browser form POST /login: the same page for every failure (apart from the echoed identifier)', async () => {
    const prints = [];
    for (const [, identifier, password] of cases()) {
      const res = await t.app.inject({
        method: 'POST', url: '/login', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: identifier, password }).toString(),
      });
      assert.equal(res.statusCode, 401);
      assert.equal(res.headers['set-cookie'], undefined);
      prints.push(fingerprint(res, identifier));
    }
    for (const p of prints.slice(1)) assert.deepEqual(p, prints[0]);
  });

  test('failures set no cookies and do not reveal the password', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: known.email, password: 'Sekret-Canary-991' } });
    assert.equal(res.headers['set-cookie'], undefined);
    assert.doesNotMatch(res.body, /Sekret-Canary-991/);
  });

  test('a correct login still works afterwards', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: known.email, password: known.password } });
    assert.equal(res.statusCode, 201);
  });
});

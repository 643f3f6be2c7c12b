// issue #2: idle and absolute session expiry on the injected clock, the renewed Max-Age, and the exact 401.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, cookieOf, createUser, login, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertSessionInvalid } from '../helpers/http.ts';
import { sha256 } from '../../src/auth/tokens.ts';

describe('session clocks (idle 3 s, absolute 10 s)', () => {
  let t: TestApp;
  let user: TestUser;
  before(async () => {
    t = await buildTestApp({ session: { idleTimeout: 3, absoluteTimeout: 10 } });
    user = await createUser(t, { studio: 'Clock Studio' });
  });
  after(async () => t.close());

  const me = (cookie: string): Promise<LightMyRequestResponse> => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

  test('login sets Max-Age = idle timeout', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
    assert.equal(cookieOf(res, 'sessionid')?.attributes['max-age'], '3');
  });

  test('requests at t=0,2,4 stay valid; then 4 s idle → 401 and the session is gone', async () => {
    const s = await login(t, user);
    for (const step of [0, 2, 2]) {
      t.clock.advance(step);
      const res = await me(s.cookie);
      assert.equal(res.statusCode, 200, `after +${step}s`);
      assert.equal(cookieOf(res, 'sessionid')?.attributes['max-age'], '3', 'renewed to the full idle timeout');
    }
    t.clock.advance(4);
    const res = await me(s.cookie);
    assertSessionInvalid(res);
    const cleared = cookieOf(res, 'sessionid');
    assert.equal(cleared?.attributes['max-age'], '0', 'the dead cookie is cleared');
    assert.equal(await t.store.sessions.findSession(sha256(s.session)), null);
    t.clock.advance(-4); // even if the clock went back, a deleted session stays dead
    assertSessionInvalid(await me(s.cookie));
  });

  test('exactly at the idle limit the session is expired', async () => {
    const s = await login(t, user);
    t.clock.advance(3);
    assertSessionInvalid(await me(s.cookie));
  });

  test('busy every second: valid until the absolute limit, 401 at t ≥ 10; Max-Age never outlives it', async () => {
    const s = await login(t, user);
    for (let second = 1; second < 10; second++) {
      t.clock.advance(1);
      const res = await me(s.cookie);
      assert.equal(res.statusCode, 200, `t=${second}`);
      assert.equal(cookieOf(res, 'sessionid')?.attributes['max-age'], String(Math.min(3, 10 - second)), `t=${second}`);
    }
    t.clock.advance(1);
    assertSessionInvalid(await me(s.cookie));
    t.clock.advance(1);
    assertSessionInvalid(await me(s.cookie));
  });

  test('parallel requests with one cookie all succeed and carry the same session id', async () => {
    const s = await login(t, user);
    t.clock.advance(1);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      t.app.inject({ method: 'GET', url: i % 2 ? '/api/auth/me' : '/api/v1/notifications/all', headers: { cookie: s.cookie } })));
    for (const res of responses) {
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(cookieOf(res, 'sessionid')?.value, s.session);
    }
    assert.equal((await me(s.cookie)).statusCode, 200);
  });

  test('unknown, malformed and revoked sessions all get the exact 401', async () => {
    const s = await login(t, user);
    await t.store.sessions.deleteSession(sha256(s.session));
    const cases = [`sessionid=${s.session}`, `sessionid=${'A'.repeat(43)}`, 'sessionid=short', 'sessionid=', `sessionid=${s.session}x`];
    for (const cookie of cases) assertSessionInvalid(await me(cookie));
  });

  test('no cookie at all → 401 with a JSON body and WWW-Authenticate', async () => {
    const res = await me('');
    assert.equal(res.statusCode, 401);
    assert.ok(res.headers['www-authenticate']);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.json().error, 'Unauthorized');
  });

  test('a disabled user loses their live sessions', async () => {
    const victim = await createUser(t);
    const s = await login(t, victim);
    await t.store.users.setUserDisabled(victim.id, t.clock.now());
    assertSessionInvalid(await me(s.cookie));
  });
});

describe('default timeouts', () => {
  test('14 days idle, 30 days absolute', async () => {
    const t = await buildTestApp();
    try {
      const user = await createUser(t);
      const s = await login(t, user);
      let day = 0;
      for (const step of [13, 13, 3]) {
        t.clock.advance(step * 86400);
        day += step;
        assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode, 200, `day ${day}`);
      }
      t.clock.advance(86400); // day 30: the absolute limit, however busy the session was
      assertSessionInvalid(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } }));
      const s2 = await login(t, user);
      t.clock.advance(14 * 86400);
      assertSessionInvalid(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s2.cookie } }));
    } finally {
      await t.close();
    }
  });
});

test('the store\'s last-seen write is throttled to once a minute per session', async () => {
  const t = await buildTestApp();
  try {
    const user = await createUser(t);
    const s = await login(t, user);
    const id = sha256(s.session);
    const loggedInAt = (await t.store.sessions.findSession(id))?.lastSeenAt;
    assert.equal(loggedInAt, t.clock.now());
    const get = async (): Promise<void> => {
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode, 200);
    };
    t.clock.advance(30);
    await get();
    assert.equal((await t.store.sessions.findSession(id))?.lastSeenAt, loggedInAt, 'no write within the minute');
    t.clock.advance(31);
    await get();
    assert.equal((await t.store.sessions.findSession(id))?.lastSeenAt, t.clock.now(), 'written once the minute has passed');
  } finally {
    await t.close();
  }
});

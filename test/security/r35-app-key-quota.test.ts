// issue #22: SECURITY-BAR R35, "per-key quota exceeded → 429 + Retry-After". Each application key has its own
// window (auth.appKeyQuota); another key is not affected, a new window serves again, and one security event is logged
// per key and window, not one per refused request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser, withTestApp, type TestApp } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import { createAppKey } from '../../src/auth/access-tokens.ts';

async function keyFor(t: TestApp, studioId: string, userId: string, name: string): Promise<string> {
  return (await createAppKey(t.store, t.clock, { studioId, createdBy: userId, name })).key;
}

test('R35 an application key past its quota gets 429 app_key_quota_exceeded with Retry-After; other keys and the next window are served', async () => {
  await withTestApp({ auth: { requireAppKey: true, appKeyQuota: { max: 5, window: 60 } } }, async (t) => {
    const u = await createUser(t, { studio: 'Quota Studio' });
    const busy = await keyFor(t, u.studioId!, u.id, 'busy integration');
    const quiet = await keyFor(t, u.studioId!, u.id, 'quiet integration');
    const docs = (key: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-api-key': key }, payload: { email: u.email, password: u.password, mode: 'token' } });
    for (let i = 0; i < 5; i++) assert.equal((await docs(busy)).statusCode, 200, `request ${i + 1} of 5 is within the quota`);
    t.clock.advance(20);
    const refused = await docs(busy);
    assertJsonError(refused, 429, 'app_key_quota_exceeded');
    assert.deepEqual(refused.json().details, { limit: 5, window_seconds: 60 });
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 39 && retryAfter <= 41, `Retry-After ${refused.headers['retry-after']} is what is left of the window (40 s)`);
    assertJsonError(await docs(busy), 429, 'app_key_quota_exceeded');
    // The quota is checked before the user's credentials: a refused request costs no password hash and no session.
    const before = (await t.store.sessions.listUserSessions(u.id)).length;
    assertJsonError(await docs(busy), 429, 'app_key_quota_exceeded');
    assert.equal((await t.store.sessions.listUserSessions(u.id)).length, before);
    assert.equal((await docs(quiet)).statusCode, 200, 'another key has its own quota');
    const events = t.logs.records().filter((r) => r.event === 'app_key_quota_exceeded');
    assert.equal(events.length, 1, 'one security event per key and window');
    assert.equal(events[0]!.level, 40);
    assert.doesNotMatch(t.logs.text(), new RegExp(busy.slice(8)), 'the key itself is never logged');
    t.clock.advance(41);
    assert.equal((await docs(busy)).statusCode, 200, 'a new window serves the key again');
  });
});

test('R35 appKeyQuota.max 0 turns the quota off', async () => {
  await withTestApp({ auth: { requireAppKey: true, appKeyQuota: { max: 0, window: 60 } } }, async (t) => {
    const u = await createUser(t, { studio: 'Unlimited Studio' });
    const key = await keyFor(t, u.studioId!, u.id, 'unlimited');
    // No user credential: the key passes (no quota), then the request is an ordinary 401.
    for (let i = 0; i < 20; i++) assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-api-key': key } }), 401, 'authentication_required');
  });
});

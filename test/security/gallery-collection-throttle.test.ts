// issue #19: gallery passwords and download PINs are throttled per collection, whatever email a visitor types: a
// guesser who changes the address every attempt still spends the one budget (loginThrottle.collectionMaxFailures per
// ipWindow). Past it, 429 until the window ends; visitors already in keep working; other collections are not touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTestApp } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import { createCollection, studioSession, visitorLogin } from '../helpers/gallery.ts';

const THROTTLE = { loginThrottle: { collectionMaxFailures: 5, ipWindow: 600, ipMaxFailures: 1000 } };

test('wrong gallery passwords under five different emails spend the collection budget: the sixth login is 429 even with the right password', () => withTestApp(THROTTLE, async (t) => {
  const s = await studioSession(t);
  const target = await createCollection(t, s, { name: 'Guarded', password: 'the right one' });
  const other = await createCollection(t, s, { name: 'Other', password: 'the right one' });
  const inside = await visitorLogin(t, { email: 'early@example.com', collection: target.slug, password: 'the right one' });
  const login = (collection: string, email: string, password: string) => t.app.inject({ method: 'POST', url: '/galleries/login', payload: { email, collection, password } });
  for (let i = 0; i < 5; i++) assertJsonError(await login(target.slug, `guess-${i}@example.com`, `guess ${i}`), 401, 'invalid_credentials');
  const refused = await login(target.slug, 'real.client@example.com', 'the right one');
  assertJsonError(refused, 429, 'too_many_attempts');
  const retryAfter = Number(refused.headers['retry-after']);
  assert.ok(retryAfter > 500 && retryAfter <= 600, `Retry-After ${retryAfter} is what is left of the window`);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/gallery/collection', headers: inside.headers })).statusCode, 200, 'a visitor already in keeps working');
  assert.equal((await login(other.slug, 'real.client@example.com', 'the right one')).statusCode, 201, 'another collection has its own budget');
  assert.equal(t.logs.records().filter((r) => r.event === 'gallery_login_budget_spent').length, 1, 'one security event when the budget is spent');
  t.clock.advance(601);
  assert.equal((await login(target.slug, 'real.client@example.com', 'the right one')).statusCode, 201, 'a new window lets the right password in');
}));

test('wrong download PINs from five visitors with different emails spend the collection PIN budget', () => withTestApp(THROTTLE, async (t) => {
  const s = await studioSession(t);
  const c = await createCollection(t, s, { name: 'Pinned', download_pin: '24680', downloadable: 'original' });
  const enter = async (email: string, pin: string) => {
    const v = await visitorLogin(t, { email, collection: c.slug });
    return t.app.inject({ method: 'POST', url: '/api/v1/gallery/download-pin', headers: v.headers, payload: { pin } });
  };
  for (let i = 0; i < 5; i++) assertJsonError(await enter(`pin-guess-${i}@example.com`, `1111${i}`), 403, 'download_pin_invalid');
  assertJsonError(await enter('real.client@example.com', '24680'), 429, 'too_many_attempts');
  t.clock.advance(601);
  const ok = await enter('real.client@example.com', '24680');
  assert.ok(ok.statusCode >= 200 && ok.statusCode < 300, ok.body);
}));

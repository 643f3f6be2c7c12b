// issue #22: SECURITY-BAR R17, the CSRF matrix on POST, PUT, PATCH and DELETE of a real resource (clients) with a
// valid session cookie: every malformed or missing token is a JSON 403 that changes nothing and is logged; the right
// token works in each accepted header name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, createUser, login } from '../helpers/app.ts';
import { assertCSRFFailed } from '../helpers/http.ts';

test('R17 CSRF matrix: no header, empty, wrong of the right length, 16 chars, 64 × "*", two different headers → 403 on every unsafe verb; the right token in each header name → 2xx', async () => {
  const t = await buildTestApp();
  try {
    const u = await createUser(t, { studio: 'Matrix Studio', role: 'owner' });
    const s = await login(t, u);
    const ok = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/clients', headers: ok, payload: { email: 'matrix@example.test', first_name: 'Before' } });
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { data: { id: string } }).data.id;
    const flip = s.csrf.slice(0, -1) + (s.csrf.endsWith('A') ? 'B' : 'A');
    const bad: Array<[string, Record<string, string>]> = [
      ['no header', {}],
      ['empty value', { 'x-csrf-token': '' }],
      ['wrong value of the right length', { 'x-csrf-token': flip }],
      ['16 characters', { 'x-csrftoken': 'abcdefghijklmnop' }],
      ['64 × *', { 'x-csrf': '*'.repeat(64) }],
      ['two headers with different values', { 'x-csrf-token': s.csrf, 'x-csrftoken': flip }],
    ];
    const calls: Array<[string, (h: Record<string, string>) => Promise<LightMyRequestResponse>]> = [
      ['POST', (h) => t.app.inject({ method: 'POST', url: '/api/v1/clients', headers: { cookie: s.cookie, ...h }, payload: { email: 'forged@example.test' } })],
      ['PUT', (h) => t.app.inject({ method: 'PUT', url: `/api/v1/clients/${id}`, headers: { cookie: s.cookie, ...h }, payload: { email: 'matrix@example.test', first_name: 'Forged' } })],
      ['PATCH', (h) => t.app.inject({ method: 'PATCH', url: `/api/v1/clients/${id}`, headers: { cookie: s.cookie, ...h }, payload: { first_name: 'Forged' } })],
      ['DELETE', (h) => t.app.inject({ method: 'DELETE', url: `/api/v1/clients/${id}`, headers: { cookie: s.cookie, ...h } })],
    ];
    const before = t.logs.records().filter((r) => r.event === 'csrf_rejected').length;
    for (const [verb, call] of calls) {
      for (const [label, headers] of bad) {
        const res = await call(headers);
        assert.equal(res.statusCode, 403, `${verb} with ${label} → ${res.statusCode}`);
        assertCSRFFailed(res);
        assert.match(String(res.headers['content-type']), /^application\/json/);
      }
    }
    const logged = t.logs.records().filter((r) => r.event === 'csrf_rejected').length - before;
    assert.equal(logged, calls.length * bad.length, 'every rejection is one security event');
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/clients/${id}`, headers: { cookie: s.cookie } });
    assert.equal((list.json() as { data: { first_name: string } }).data.first_name, 'Before', 'nothing changed');
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/clients', headers: { cookie: s.cookie } });
    assert.ok(!all.body.includes('forged@example.test'), 'nothing was created');

    let n = 0;
    for (const name of ['X-CSRF-Token', 'X-CSRFToken', 'X-CSRF', 'x-csrftoken']) {
      n += 1;
      const h = { [name]: s.csrf };
      assert.equal((await calls[1]![1](h)).statusCode, 200, `PUT with ${name}`);
      assert.equal((await calls[2]![1](h)).statusCode, 200, `PATCH with ${name}`);
      const post = await t.app.inject({ method: 'POST', url: '/api/v1/clients', headers: { cookie: s.cookie, ...h }, payload: { email: `ok${n}@example.test` } });
      assert.equal(post.statusCode, 201, `POST with ${name}`);
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/clients/${(post.json() as { data: { id: string } }).data.id}`, headers: { cookie: s.cookie, ...h } });
      assert.ok(del.statusCode === 204 || del.statusCode === 200, `DELETE with ${name} → ${del.statusCode}`);
    }
  } finally {
    await t.close();
  }
});

// Issue #20: /studio/audit renders the studio's audit log for owners and admins, 50 events a page with an "Older
// events" link that carries the filters; others are told it is not theirs to see; hostile data stays escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser, login, withTestApp } from '../helpers/app.ts';

test('the audit page: pages of 50 by cursor, filters kept, escaped data, owners and admins only', () => withTestApp({}, async (t) => {
  const owner = await createUser(t, { studio: 'Audit Studio', role: 'owner' });
  const s = await login(t, owner);
  const start = t.clock.now();
  for (let i = 0; i < 60; i++) {
    await t.store.audit.recordAuditEvent({ studioId: owner.studioId, actorId: owner.id, kind: i % 2 ? 'logout' : 'client_created', clientIp: '198.51.100.4', userAgent: null, data: { n: i, note: '<script>alert(1)</script>' }, now: start + i * 1000 });
  }
  const first = await t.app.inject({ method: 'GET', url: '/studio/audit?kind=client_created', headers: { cookie: s.cookie } });
  assert.equal(first.statusCode, 200);
  const rows = first.body.match(/<tr><td data-label="When">/g) ?? [];
  assert.equal(rows.length, 30, 'only the 30 client_created events');
  assert.ok(!first.body.includes('<script>alert(1)</script>'), 'event data is escaped');
  assert.ok(first.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));

  const all = await t.app.inject({ method: 'GET', url: '/studio/audit', headers: { cookie: s.cookie } });
  assert.equal((all.body.match(/<tr><td data-label="When">/g) ?? []).length, 50, 'a page holds 50');
  const older = /href="(\/studio\/audit\?cursor=[^"]+)" id="older"/.exec(all.body)?.[1]?.replaceAll('&amp;', '&');
  assert.ok(older, 'an Older events link');
  const second = await t.app.inject({ method: 'GET', url: older, headers: { cookie: s.cookie } });
  assert.ok((second.body.match(/<tr><td data-label="When">/g) ?? []).length >= 10, 'the rest on the next page');
  assert.ok(!/id="older"/.test(second.body), 'and no further link');

  const filteredOlder = await t.app.inject({ method: 'GET', url: '/studio/audit?kind=logout,client_created&since=2020-01-01', headers: { cookie: s.cookie } });
  const link = /href="([^"]+)" id="older"/.exec(filteredOlder.body)?.[1] ?? '';
  assert.match(link, /kind=logout%2Cclient_created/);
  assert.match(link, /since=2020-01-01/);

  const viewer = await createUser(t, { studio: 'Audit Studio', role: 'viewer' });
  const v = await login(t, viewer);
  const refused = await t.app.inject({ method: 'GET', url: '/studio/audit', headers: { cookie: v.cookie } });
  assert.equal(refused.statusCode, 200);
  assert.match(refused.body, /Only a studio&#39;s owners and admins|Only a studio's owners and admins/);
  assert.ok(!refused.body.includes('client_created'));
  const anonymous = await t.app.inject({ method: 'GET', url: '/studio/audit' });
  assert.equal(anonymous.statusCode, 303);
}));

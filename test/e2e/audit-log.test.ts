// Issue #20: authentication and administration events land in the studio's audit log, with who, where from and
// when, never a secret or a typed identifier; owners and admins read it newest first by cursor, with filters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';

interface Event { id: string; kind: string; actor_id: string | null; client_address: string | null; user_agent: string | null; data: Record<string, unknown> }

test('logins, failures, tokens and logouts are recorded for the studio, and read back by cursor and filter', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Audit Studio' });
    const member = await createUser(t);
    await t.store.studios.putMembership({ studioId: owner.studioId!, userId: member.id, role: 'member', now: t.clock.now() });
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'user-agent': 'curl/8.5.0' }, payload: { email: member.email, password: 'not the right password here' } });
    assert.equal(wrong.statusCode, 401);
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody-at-all@example.test', password: 'whatever it is, it is long' } });
    const asMember = await login(t, member);
    const pat = await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers: { cookie: asMember.cookie, 'x-csrf-token': asMember.csrf }, payload: { name: 'sync', scopes: ['account:read'] } });
    assert.equal(pat.statusCode, 201);
    const secret = pat.json().data.token as string;
    t.clock.advance(1000); // the test clock stands still; events of one millisecond are ordered by id
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: asMember.cookie, 'x-csrf-token': asMember.csrf } });

    const asOwner = await login(t, owner);
    const read = async (query = ''): Promise<{ data: Event[]; next_cursor: string | null }> => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/audit-events${query}`, headers: { cookie: asOwner.cookie } });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const all = (await read()).data;
    const kinds = all.map((e) => e.kind);
    for (const k of ['login_failed', 'login_succeeded', 'access_token_created', 'logout']) assert.ok(kinds.includes(k), `${k} recorded: ${kinds.join(', ')}`);
    const failed = all.find((e) => e.kind === 'login_failed')!;
    assert.equal(failed.actor_id, member.id);
    assert.equal(failed.client_address, '127.0.0.1');
    assert.equal(failed.user_agent, 'curl/8.5.0');
    const body = JSON.stringify(all);
    for (const leak of [secret, member.password, member.email, 'nobody-at-all@example.test', asMember.session]) assert.ok(!body.includes(leak), `no ${leak.slice(0, 12)}… in the log`);

    const mine = (await read(`?actor=${member.id}&kind=logout,access_token_created`)).data;
    assert.deepEqual(mine.map((e) => e.kind), ['logout', 'access_token_created']);
    const seen = new Set<string>();
    let page = await read('?limit=2');
    for (;;) {
      for (const e of page.data) seen.add(e.id);
      if (page.next_cursor === null) break;
      page = await read(`?limit=2&cursor=${page.next_cursor}`);
    }
    assert.equal(seen.size, all.length, 'the cursor walks every event exactly once');
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?cursor=bm9wZQ', headers: { cookie: asOwner.cookie } }), 422, 'validation_failed');
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?since=yesterday', headers: { cookie: asOwner.cookie } }), 422, 'validation_failed');
    const memberAgain = await login(t, member);
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers: { cookie: memberAgain.cookie } }), 403, 'insufficient_permissions');
  } finally {
    await t.close();
  }
});

test('another studio\'s events are not listed, and retention removes old events in housekeeping', async () => {
  const t = await buildTestApp({ audit: { retentionDays: 1 } });
  try {
    const a = await createUser(t, { studio: 'Studio A' });
    const b = await createUser(t, { studio: 'Studio B' });
    await login(t, b);
    const asA = await login(t, a);
    const events = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers: { cookie: asA.cookie } })).json().data as Event[];
    assert.ok(events.length > 0 && events.every((e) => e.actor_id === a.id), 'only studio A\'s events');
    t.clock.advance(2 * 86_400_000);
    const { housekeeping } = await import('../../src/main.ts');
    await housekeeping(t.deps);
    assert.deepEqual(await t.store.audit.listAuditEvents(a.studioId!, {}, null, 10), []);
  } finally {
    await t.close();
  }
});

// issue #2: the one-time setup link creates the owner account and the studio, then never works again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, cookieOf, createUser } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import { issueSetupToken } from '../../src/auth/setup.ts';

const OWNER = {
  studio_name: 'Lumen & Grain',
  email: 'owner@lumen.example',
  username: 'lumen-owner',
  first_name: 'Ada',
  last_name: 'Lumen',
  password: 'silver gelatin prints at dawn',
};

test('JSON setup: valid link → form; bad links → 403; POST creates owner + studio → 201; second use → 403', async () => {
  const t = await buildTestApp();
  try {
    const token = await issueSetupToken(t.store, t.clock);
    assert.ok(token);
    const page = await t.app.inject({ method: 'GET', url: `/setup?token=${token}` });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /<form method="post" action="\/setup">/);
    assert.ok(page.body.includes(`value="${token}"`));

    for (const url of ['/setup', '/setup?token=', `/setup?token=${'A'.repeat(43)}`, `/setup?token=${token.slice(0, -1)}`, `/setup?token=${token}x`]) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 403, url);
      assert.ok(!res.body.includes('<form method="post" action="/setup">'), url);
    }
    assertJsonError(await t.app.inject({ method: 'POST', url: '/setup', payload: { ...OWNER, token: 'A'.repeat(43) } }), 403, 'setup_unavailable');

    const weak = await t.app.inject({ method: 'POST', url: '/setup', payload: { ...OWNER, token, password: 'short' } });
    const body = assertJsonError(weak, 400, 'weak_password');
    assert.ok((body.details as Record<string, string>).password);
    assert.equal(await t.store.users.countUsers(), 0, 'nothing was created');

    const res = await t.app.inject({ method: 'POST', url: '/setup', payload: { ...OWNER, token } });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json();
    assert.equal(created.user.email, OWNER.email);
    assert.equal(created.user.username, OWNER.username);
    assert.deepEqual(created.studios.map((s: { name: string; role: string }) => [s.name, s.role]), [[OWNER.studio_name, 'owner']]);
    assert.match(created.studios[0].id, /^st_[0-9A-Za-z]{22}$/);
    const session = cookieOf(res, 'sessionid')?.value;
    assert.ok(session);
    assert.equal(cookieOf(res, 'csrftoken')?.value, created.csrf_token);

    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `sessionid=${session}` } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().studio.role, 'owner');

    assertJsonError(await t.app.inject({ method: 'POST', url: '/setup', payload: { ...OWNER, token, email: 'second@lumen.example', username: 'second' } }), 403, 'setup_unavailable');
    assert.equal((await t.app.inject({ method: 'GET', url: `/setup?token=${token}` })).statusCode, 403);
    assert.equal(await t.store.users.countUsers(), 1);
    assert.equal(await issueSetupToken(t.store, t.clock), null, 'no new link once an account exists');
  } finally {
    await t.close();
  }
});

test('browser setup form → 303 to / with a session', async () => {
  const t = await buildTestApp();
  try {
    const token = await issueSetupToken(t.store, t.clock);
    assert.ok(token);
    const res = await t.app.inject({
      method: 'POST', url: '/setup',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...OWNER, token }).toString(),
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, '/');
    assert.ok(cookieOf(res, 'sessionid')?.value);
    const again = await t.app.inject({
      method: 'POST', url: '/setup',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...OWNER, token, email: 'x@lumen.example', username: 'xlumen' }).toString(),
    });
    assert.equal(again.statusCode, 403);
  } finally {
    await t.close();
  }
});

test('two simultaneous setup submissions create exactly one owner', async () => {
  const t = await buildTestApp();
  try {
    const token = await issueSetupToken(t.store, t.clock);
    const results = await Promise.all([0, 1, 2].map((i) => t.app.inject({
      method: 'POST', url: '/setup', payload: { ...OWNER, token, email: `owner${i}@lumen.example`, username: `owner${i}` },
    })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 403, 403]);
    assert.equal(await t.store.users.countUsers(), 1);
  } finally {
    await t.close();
  }
});

test('a token issued before any account exists stops working once an account is created another way', async () => {
  const t = await buildTestApp();
  try {
    const token = await issueSetupToken(t.store, t.clock);
    await createUser(t);
    assert.equal((await t.app.inject({ method: 'GET', url: `/setup?token=${token}` })).statusCode, 403);
    assertJsonError(await t.app.inject({ method: 'POST', url: '/setup', payload: { ...OWNER, token } }), 403, 'setup_unavailable');
  } finally {
    await t.close();
  }
});

// Studio API clients (issue #4): CRUD, validation, ids, uniqueness, mass assignment, CSRF and 401s.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login, type TestApp } from '../helpers/app.ts';
import { assertCSRFFailed, assertJsonError } from '../helpers/http.ts';
import { apiAs, randomId, type ApiCall } from '../helpers/studio-api.ts';

const CLIENT_KEYS = ['created_at', 'email', 'first_name', 'id', 'last_name', 'notes', 'phone', 'status_name', 'type', 'updated_at'];

describe('clients API', () => {
  let t: TestApp;
  let api: ApiCall;
  let studioId: string;

  before(async () => {
    t = await buildTestApp();
    const owner = await createUser(t, { studio: 'Clients Studio', role: 'owner' });
    studioId = owner.studioId ?? '';
    api = apiAs(t, await login(t, owner));
  });
  after(async () => {
    await t.close();
  });

  test('create, read, replace, patch and delete a client', async () => {
    const created = await api('POST', '/api/v1/clients/', {
      email: 'Ada.Lovelace@Example.test', first_name: ' Ada ', last_name: 'Lovelace', phone: '+44 20 7946 0958',
      type: 'lead', status_name: 'Inquiry', notes: 'Wedding in June\nPrefers email',
    });
    assert.equal(created.statusCode, 201, created.body);
    const c = created.json().data;
    assert.deepEqual(Object.keys(c).sort(), CLIENT_KEYS);
    assert.match(c.id, /^cl_[0-9A-Za-z]{22}$/);
    assert.equal(created.headers.location, `/api/v1/clients/${c.id}`);
    assert.equal(c.email, 'Ada.Lovelace@Example.test');
    assert.equal(c.first_name, 'Ada');
    assert.equal(c.type, 'lead');
    assert.equal(c.status_name, 'Inquiry');
    assert.equal(c.notes, 'Wedding in June\nPrefers email');
    assert.equal(c.created_at, new Date(t.clock.now()).toISOString());
    assert.equal(c.updated_at, c.created_at);

    const got = await api('GET', `/api/v1/clients/${c.id}`);
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json(), { data: c });

    t.clock.advance(60);
    const replaced = await api('PUT', `/api/v1/clients/${c.id}`, { email: 'ada@example.test', first_name: 'Augusta Ada' });
    assert.equal(replaced.statusCode, 200, replaced.body);
    const r = replaced.json().data;
    assert.equal(r.email, 'ada@example.test');
    assert.equal(r.first_name, 'Augusta Ada');
    // PUT is a full replace: omitted fields return to their defaults.
    assert.equal(r.last_name, '');
    assert.equal(r.phone, null);
    assert.equal(r.type, 'client');
    assert.equal(r.status_name, null);
    assert.equal(r.notes, null);
    assert.equal(r.created_at, c.created_at);
    assert.equal(r.updated_at, new Date(t.clock.now()).toISOString());

    t.clock.advance(60);
    const patched = await api('PATCH', `/api/v1/clients/${c.id}`, { last_name: 'King', phone: '555-0100', status_name: 'Booked' });
    assert.equal(patched.statusCode, 200, patched.body);
    const p = patched.json().data;
    assert.equal(p.first_name, 'Augusta Ada');
    assert.equal(p.last_name, 'King');
    assert.equal(p.phone, '555-0100');
    assert.equal(p.status_name, 'Booked');
    assert.equal(p.email, 'ada@example.test');

    const cleared = await api('PATCH', `/api/v1/clients/${c.id}`, { phone: null, notes: '' });
    assert.equal(cleared.json().data.phone, null);
    assert.equal(cleared.json().data.notes, null);
    assert.equal(cleared.json().data.last_name, 'King');

    const del = await api('DELETE', `/api/v1/clients/${c.id}`);
    assert.equal(del.statusCode, 204);
    assert.equal(del.body, '');
    assertJsonError(await api('GET', `/api/v1/clients/${c.id}`), 404, 'not_found');
    assertJsonError(await api('DELETE', `/api/v1/clients/${c.id}`), 404, 'not_found');
    assert.equal(await t.store.clients.findClient(studioId, c.id), null);
  });

  test('validation failures are 422 with a message per field', async () => {
    const missing = assertJsonError(await api('POST', '/api/v1/clients/', { first_name: 'No Email' }), 422, 'validation_failed');
    assert.deepEqual(Object.keys(missing.details as object), ['email']);

    const many = assertJsonError(await api('POST', '/api/v1/clients/', { email: 'not-an-email', type: 'vip', phone: 'call me maybe', first_name: 'A\u202eB' }), 422, 'validation_failed');
    const details = many.details as Record<string, string>;
    assert.ok(details.type, JSON.stringify(details));
    const semantic = assertJsonError(await api('POST', '/api/v1/clients/', { email: 'not-an-email', phone: 'call me maybe', first_name: 'A\u202eB', notes: 'bell\u0007' }), 422, 'validation_failed');
    assert.deepEqual(Object.keys(semantic.details as object).sort(), ['email', 'first_name', 'notes', 'phone']);

    const types = assertJsonError(await api('POST', '/api/v1/clients/', { email: 123, first_name: ['x'], notes: { a: 1 } }), 422, 'validation_failed');
    assert.ok((types.details as Record<string, string>).email);

    const tooLong = assertJsonError(await api('POST', '/api/v1/clients/', { email: 'long@example.test', notes: 'x'.repeat(10001) }), 422, 'validation_failed');
    assert.ok((tooLong.details as Record<string, string>).notes);

    assertJsonError(await api('POST', '/api/v1/clients/'), 422, 'validation_failed');
    const c = (await api('POST', '/api/v1/clients/', { email: 'valid@example.test' })).json().data;
    assertJsonError(await api('PATCH', `/api/v1/clients/${c.id}`, { email: 'nope' }), 422, 'validation_failed');
    assertJsonError(await api('PUT', `/api/v1/clients/${c.id}`, { first_name: 'No email' }), 422, 'validation_failed');
    assert.equal((await t.store.clients.findClient(studioId, c.id))?.email, 'valid@example.test');
  });

  test('hostile JSON and form bodies are refused without a 500', async () => {
    for (const payload of ['{', 'null', '[]', '""', '{"__proto__":{"type":"other"},"email":"p@example.test"}']) {
      const res = await api('POST', '/api/v1/clients/', payload, { headers: { 'content-type': 'application/json' } });
      assert.ok(res.statusCode === 400 || res.statusCode === 422, `${payload} → ${res.statusCode}`);
    }
    const form = await api('POST', '/api/v1/clients/', 'email=f%40example.test', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assertJsonError(form, 415, 'unsupported_media_type');
  });

  test('an email is unique per studio, case-insensitively', async () => {
    assert.equal((await api('POST', '/api/v1/clients/', { email: 'dup@example.test' })).statusCode, 201);
    assertJsonError(await api('POST', '/api/v1/clients/', { email: 'DUP@Example.TEST' }), 409, 'conflict');
    const other = (await api('POST', '/api/v1/clients/', { email: 'other-dup@example.test' })).json().data;
    assertJsonError(await api('PATCH', `/api/v1/clients/${other.id}`, { email: 'Dup@example.test' }), 409, 'conflict');
  });

  test('ids of the wrong shape are 400 invalid_id_format on every id route', async () => {
    for (const bad of ['abc', 'co_AAAAAAAAAAAAAAAAAAAAAA', 'cl_short', 'cl_AAAAAAAAAAAAAAAAAAAAAA%27--', "cl_' OR 1=1 --"]) {
      const url = `/api/v1/clients/${encodeURIComponent(bad)}`;
      for (const [method, body] of [['GET', undefined], ['PUT', { email: 'x@example.test' }], ['PATCH', {}], ['DELETE', undefined]] as const) {
        assertJsonError(await api(method, url, body), 400, 'invalid_id_format');
      }
    }
    for (const [method, body] of [['GET', undefined], ['PUT', { email: 'x@example.test' }], ['PATCH', {}], ['DELETE', undefined]] as const) {
      assertJsonError(await api(method, `/api/v1/clients/${randomId('cl')}`, body), 404, 'not_found');
    }
  });

  test('no mass assignment: studio_id, id and timestamps in body or query are ignored', async () => {
    const other = await createUser(t, { studio: 'Elsewhere Studio', role: 'owner' });
    const res = await api('POST', `/api/v1/clients/?studio_id=${other.studioId}`, {
      email: 'mass@example.test', studio_id: other.studioId, id: 'cl_AAAAAAAAAAAAAAAAAAAAAA', created_at: '2000-01-01T00:00:00.000Z', search_key: 'x', email_key: 'y',
    });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json().data;
    assert.notEqual(c.id, 'cl_AAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(c.created_at, new Date(t.clock.now()).toISOString());
    assert.ok(await t.store.clients.findClient(studioId, c.id));
    assert.equal(await t.store.clients.findClient(other.studioId ?? '', c.id), null);
    const patched = await api('PATCH', `/api/v1/clients/${c.id}`, { studio_id: other.studioId, role: 'owner' });
    assert.equal(patched.statusCode, 200);
    assert.deepEqual(patched.json().data, c);
    assert.ok(await t.store.clients.findClient(studioId, c.id));
  });

  test('CSRF is required for cookie-authenticated writes', async () => {
    const c = (await api('POST', '/api/v1/clients/', { email: 'csrf@example.test' })).json().data;
    assertCSRFFailed(await api('POST', '/api/v1/clients/', { email: 'csrf2@example.test' }, { csrf: false }));
    assertCSRFFailed(await api('PUT', `/api/v1/clients/${c.id}`, { email: 'csrf3@example.test' }, { csrf: false }));
    assertCSRFFailed(await api('PATCH', `/api/v1/clients/${c.id}`, { first_name: 'X' }, { csrf: false }));
    assertCSRFFailed(await api('DELETE', `/api/v1/clients/${c.id}`, undefined, { csrf: false }));
    assertCSRFFailed(await api('PATCH', `/api/v1/clients/${c.id}`, { first_name: 'X' }, { csrf: false, headers: { 'x-csrf-token': 'A'.repeat(43) } }));
    const stored = await t.store.clients.findClient(studioId, c.id);
    assert.equal(stored?.firstName, '');
    assert.equal(stored?.email, 'csrf@example.test');
  });

  test('unauthenticated calls are 401', async () => {
    for (const [method, url] of [['GET', '/api/v1/clients/'], ['POST', '/api/v1/clients/'], ['GET', `/api/v1/clients/${randomId('cl')}`], ['DELETE', `/api/v1/clients/${randomId('cl')}`]] as const) {
      const res = await t.app.inject({ method, url });
      assertJsonError(res, 401, 'authentication_required');
    }
  });
});

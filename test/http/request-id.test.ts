// X-Request-Id (issue #21): taken from a trusted proxy or generated, on every response, in the logs and in error bodies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTestApp } from '../helpers/app.ts';

test('a generated id is on every response, success and error alike, and in the error body and the log', async () => {
  await withTestApp({}, async (t) => {
    const ok = await t.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ok.statusCode, 200);
    const okId = ok.headers['x-request-id'];
    assert.match(String(okId), /^[A-Za-z0-9_-]+-[0-9a-z]+$/);

    const missing = await t.app.inject({ method: 'GET', url: '/api/no-such-route', headers: { accept: 'application/json', 'x-request-id': 'forged-by-client' } });
    assert.equal(missing.statusCode, 404);
    const id = String(missing.headers['x-request-id']);
    assert.notEqual(id, 'forged-by-client', 'an untrusted peer cannot choose the id');
    assert.notEqual(id, okId);
    const body = missing.json() as Record<string, unknown>;
    assert.equal(body.request_id, id);
    assert.deepEqual(Object.keys(body).sort(), ['code', 'error', 'message', 'request_id']);

    const unauthorized = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    assert.equal(unauthorized.statusCode, 401);
    assert.equal((unauthorized.json() as { request_id?: string }).request_id, unauthorized.headers['x-request-id']);

    const lines = t.logs.records().filter((r) => r.reqId === id);
    assert.ok(lines.length >= 2, 'the request and response log lines carry the same id');
  });
});

test('a trusted proxy passes its id through; a malformed one is replaced', async () => {
  await withTestApp({ server: { trustProxy: ['10.9.9.9'] } }, async (t) => {
    const passed = await t.app.inject({ method: 'GET', url: '/readyz', remoteAddress: '10.9.9.9', headers: { 'x-request-id': '5f0c8a2e-1b7d-4c1e-9a53-0d2b6f1e7a44' } });
    assert.equal(passed.headers['x-request-id'], '5f0c8a2e-1b7d-4c1e-9a53-0d2b6f1e7a44');
    assert.ok(t.logs.records().some((r) => r.reqId === '5f0c8a2e-1b7d-4c1e-9a53-0d2b6f1e7a44'));

    const bad = await t.app.inject({ method: 'GET', url: '/readyz', remoteAddress: '10.9.9.9', headers: { 'x-request-id': 'a b\u0000{"level":60}' } });
    assert.doesNotMatch(String(bad.headers['x-request-id']), /level/);

    const other = await t.app.inject({ method: 'GET', url: '/readyz', remoteAddress: '192.0.2.7', headers: { 'x-request-id': 'from-elsewhere' } });
    assert.notEqual(other.headers['x-request-id'], 'from-elsewhere');
  });
});

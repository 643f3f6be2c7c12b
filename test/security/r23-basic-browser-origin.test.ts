// issue #22: SECURITY-BAR R23, Basic credentials are ambient in a browser (tension T3): an unsafe Basic-authenticated
// request that a browser marks cross-site, or that names a foreign Origin, is refused; a script without those headers works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser } from '../helpers/app.ts';

test('R23 Basic on an unsafe request: Sec-Fetch-Site cross-site or a foreign Origin → 403 and nothing changes; no browser signals → 2xx', async () => {
  const t = await buildTestApp({ auth: { basic: { enabled: true, allowInsecure: true } } });
  try {
    const u = await createUser(t, { studio: 'Basic Browser', role: 'owner' });
    const authorization = `Basic ${Buffer.from(`${u.email}:${u.password}`).toString('base64')}`;
    const create = (email: string, extra: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/clients', headers: { authorization, ...extra }, payload: { email, first_name: 'Basic' } });
    for (const [label, headers] of [
      ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['foreign Origin', { origin: 'https://evil.test' }],
      ['foreign Referer', { referer: 'https://evil.test/page' }],
    ] as const) {
      const res = await create(`cross-${label.length}@example.test`, headers);
      assert.equal(res.statusCode, 403, `${label} → ${res.statusCode} ${res.body}`);
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/clients', headers: { authorization } });
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes('cross-'), 'no refused request created anything');
    const script = await create('script@example.test', {});
    assert.equal(script.statusCode, 201, `a script without browser signals, no CSRF token needed → ${script.statusCode} ${script.body}`);
  } finally {
    await t.close();
  }
});

// issue #22: SECURITY-BAR R24 for the default configuration (no CORS origins configured): no origin is ever granted
// access, credentials are never combined with a wildcard, and nothing the client sends is reflected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser, login } from '../helpers/app.ts';
import { startLiveServer } from '../helpers/live-server.ts';

test('R24 without configured origins no response carries Access-Control-Allow-Origin, for preflights, actual requests and lookalike origins', async () => {
  const t = await startLiveServer();
  try {
    const u = await createUser(t, { studio: 'Cors Studio' });
    const s = await login(t, u);
    const own = new URL(t.url).origin;
    for (const origin of ['https://evil.test', 'null', `${own}.evil.test`, 'https://evil-app.test', own.replace('http://', 'https://')]) {
      const preflight = await fetch(`${t.url}/api/auth/me`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-csrf-token, content-type' } });
      const actual = await fetch(`${t.url}/api/auth/me`, { headers: { origin, cookie: s.cookie } });
      const unsafe = await fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers: { origin, cookie: s.cookie, 'x-csrf-token': s.csrf } });
      for (const [label, res] of [['preflight', preflight], ['GET', actual], ['POST', unsafe]] as const) {
        assert.equal(res.headers.get('access-control-allow-origin'), null, `${label} from ${origin}: no ACAO`);
        assert.equal(res.headers.get('access-control-allow-credentials'), null, `${label} from ${origin}: no ACAC`);
        await res.arrayBuffer();
      }
      assert.ok(unsafe.status === 403, `a cross-origin POST is refused (${origin} → ${unsafe.status})`);
    }
    assert.equal((await fetch(`${t.url}/api/auth/me`, { headers: { cookie: s.cookie } })).status, 200, 'the session was never logged out cross-origin');
  } finally {
    await t.close();
  }
});

// issue #22: SECURITY-BAR R19, the Origin/Referer cases origin.test.ts does not list: unparsable Origin and malformed
// Referer values are refused (403, never 500) on a cookie-authenticated unsafe request that carries a valid token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import { sha256 } from '../../src/auth/tokens.ts';

const HOST = 'studio.example';

test('R19 unparsable Origin and malformed Referer → 403 origin_rejected with a valid token; the own origin → 200', async () => {
  const t = await buildTestApp();
  try {
    const u = await createUser(t, { studio: 'Malformed Origins' });
    const s = await login(t, u);
    const logout = (extra: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { host: HOST, cookie: s.cookie, 'x-csrftoken': s.csrf, ...extra } });
    for (const headers of <Array<Record<string, string>>>[
      { origin: 'https://[' },
      { origin: 'http://[::1' },
      { referer: `http://http://${HOST}/` },
      { referer: `//${HOST}/` },
      { referer: 'https://' },
      { referer: '\u00d8B\u00f6I\u00df' },
      { referer: `http://${HOST}.evil.test/` },
      { origin: 'https://evil.test', 'sec-fetch-site': 'same-origin' },
    ]) {
      const res = await logout(headers);
      assert.equal(res.statusCode, 403, `${JSON.stringify(headers)} → ${res.statusCode} ${res.body}`);
      assertJsonError(res, 403, 'origin_rejected');
    }
    assert.ok(await t.store.sessions.findSession(sha256(s.session)), 'the session survived every refused request');
    assert.equal((await logout({ origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' })).statusCode, 200);
  } finally {
    await t.close();
  }
});

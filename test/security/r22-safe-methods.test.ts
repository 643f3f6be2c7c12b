// issue #22: SECURITY-BAR R22, safe methods never change state and unused methods are refused, seen over real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createUser, login } from '../helpers/app.ts';
import { startLiveServer } from '../helpers/live-server.ts';
import { sha256 } from '../../src/auth/tokens.ts';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('R22 GET/HEAD on state-changing routes are 405 with Allow and change nothing; TRACE is refused; X-HTTP-Method-Override is ignored', async () => {
  const t = await startLiveServer();
  try {
    const u = await createUser(t, { studio: 'Methods Studio', role: 'owner' });
    const s = await login(t, u);
    const auth = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const token = (await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers: auth, payload: { name: 'r22', password: u.password } }));
    const tokenId = token.statusCode === 201 ? String(token.json().id) : 'pat_0000000000000000000000';
    const stateChanging = ['/api/auth/logout', `/api/auth/studios/${u.studioId}/login`, '/api/auth/token/refresh', '/api/auth/password', '/api/v1/account/sessions/revoke-others', `/api/v1/access-tokens/${tokenId}`];
    for (const path of stateChanging) {
      for (const method of ['GET', 'HEAD']) {
        const res = await call(t.url, method, path, { cookie: s.cookie });
        assert.equal(res.status, 405, `${method} ${path} → ${res.status}`);
        assert.match(String(res.headers.allow), /POST|DELETE/, `${method} ${path} names the allowed methods`);
      }
    }
    assert.notEqual(await t.store.sessions.findSession(sha256(s.session)), null, 'the session survived every safe request');

    for (const path of ['/', '/api/auth/me', '/api/auth/logout']) {
      const res = await call(t.url, 'TRACE', path, { cookie: s.cookie });
      assert.ok(res.status === 405 || res.status === 404, `TRACE ${path} → ${res.status}`);
      assert.ok(!res.body.includes(s.session), 'TRACE never echoes the request');
    }

    // A method override header does not turn a POST into a DELETE (the client is created, not deleted).
    const created = await call(t.url, 'POST', '/api/v1/clients', { ...auth, 'x-http-method-override': 'DELETE', 'x-method-override': 'DELETE' }, JSON.stringify({ email: 'override@example.test', first_name: 'Over' }));
    assert.ok(created.status === 201 || created.status === 400, `POST with an override → ${created.status}`);
    if (created.status === 201) {
      const id = (JSON.parse(created.body) as { data: { id: string } }).data.id;
      const again = await call(t.url, 'POST', `/api/v1/clients/${id}`, { ...auth, 'x-http-method-override': 'DELETE' }, '{}');
      assert.ok([404, 405].includes(again.status), `POST /clients/:id with an override is not a DELETE → ${again.status}`);
      const still = await call(t.url, 'GET', `/api/v1/clients/${id}`, { cookie: s.cookie });
      assert.equal(still.status, 200, `the client still exists: ${still.body} ${created.body}`);
    }
  } finally {
    await t.close();
  }
});

// issue #19: the per-client rate limit: RateLimit-Policy/RateLimit on answers, 429 rate_limited with Retry-After past it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../helpers/app.ts';

test('past rateLimit.max a client gets 429 rate_limited with Retry-After; health checks are exempt', async () => {
  const t = await buildTestApp({ rateLimit: { max: 3, window: 60 } });
  try {
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/api/help' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['ratelimit-policy'], '"per-client";q=3;w=60');
      assert.match(String(res.headers.ratelimit), new RegExp(`^"per-client";r=${2 - i};t=\\d+$`));
    }
    const refused = await t.app.inject({ method: 'GET', url: '/api/help' });
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().code, 'rate_limited');
    assert.match(String(refused.headers['retry-after']), /^[1-9]\d*$/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/help', remoteAddress: '192.0.2.9' })).statusCode, 200, 'another client has its own count');
  } finally {
    await t.close();
  }
});

// Found while building /metrics: authentication ran before the limiter, so refused credentials were never counted.
test('requests that authentication refuses count toward the limit, and past it get 429 before any credential is checked', async () => {
  const t = await buildTestApp({ rateLimit: { max: 3, window: 60 } });
  try {
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': `guess-${i}` } });
      assert.equal(res.statusCode, 401);
      assert.match(String(res.headers.ratelimit), new RegExp(`^"per-client";r=${2 - i};t=\\d+$`), 'a refused request carries the RateLimit field');
    }
    const refused = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': 'guess-3' } });
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().code, 'rate_limited');
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@example.com', password: 'whatever it is' } });
    assert.equal(login.statusCode, 429, 'login guesses are limited too');
  } finally {
    await t.close();
  }
});

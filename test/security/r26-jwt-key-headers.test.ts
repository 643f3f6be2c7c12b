// issue #22: SECURITY-BAR R26, keys are never taken from the token, and kid is hostile input. A listener on 127.0.0.1
// stands in for the attacker's key server: it must never be asked for anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { buildTestApp, createUser } from '../helpers/app.ts';

test('R26 tokens naming their own key (jwk, jku, x5u) or a hostile kid are 401, never 500, and the key URL is never fetched', async () => {
  let hits = 0;
  const listener = createServer((_req, res) => {
    hits += 1;
    res.end('{}');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  const t = await buildTestApp();
  try {
    const u = await createUser(t, { studio: 'Kid Studio' });
    const { access } = (await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', payload: { email: u.email, password: u.password } })).json() as { access: string };
    const claims = decodeJwt(access);
    const kid = decodeProtectedHeader(access).kid as string;
    const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = { ...(await exportJWK(attacker.publicKey)), kid, alg: 'EdDSA' };
    const sign = (header: Record<string, unknown>): Promise<string> =>
      new SignJWT({ ...claims }).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', ...header }).sign(attacker.privateKey);

    const tokens = [
      await sign({ kid, jwk }),
      await sign({ jwk }),
      await sign({ kid, jku: `${base}/jwks.json` }),
      await sign({ jku: `${base}/jwks.json` }),
      await sign({ kid, x5u: `${base}/cert.pem` }),
      await sign({ kid: '../../../../dev/null' }),
      await sign({ kid: "' OR '1'='1" }),
      await sign({ kid: 'k'.repeat(10_000) }),
      await sign({ kid: { $ne: null } }),
    ];
    for (const token of tokens) {
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
      assert.ok(res.statusCode === 401 || res.statusCode === 431, `${token.slice(0, 60)}… → ${res.statusCode} ${res.body}`);
      assert.equal(res.json().code === 'internal_error', false);
    }
    assert.equal(hits, 0, 'the server never fetched a key URL named in a token');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${access}` } })).statusCode, 200, 'the genuine token still works');
  } finally {
    await t.close();
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  }
});

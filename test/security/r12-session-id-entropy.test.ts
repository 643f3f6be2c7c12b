// issue #22: SECURITY-BAR R12, session ids and token-mode tokens are 256-bit random values with no embedded data:
// distinct, 43 base64url characters, no user/studio data inside or in their decoding, and uniformly distributed
// characters (chi-square over 100 cookie sessions + 100 token-mode tokens; session-fixation.test.ts checks the store).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, cookieOf, createUser } from '../helpers/app.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

test('R12 200 session ids and tokens: distinct, 43 base64url chars, nothing of the user inside, chi-square of the characters below the p = 1e-6 bound', async () => {
  const t = await buildTestApp({ loginThrottle: { ipMaxFailures: 10_000 } });
  try {
    const u = await createUser(t, { studio: 'Entropy Studio', email: 'entropy.owner@example.test' });
    const ids: string[] = [];
    for (let batch = 0; batch < 50; batch++) {
      const answers = await Promise.all([0, 1, 2, 3].map((i) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password, ...(i % 2 ? { mode: 'token' } : {}) } })));
      for (const res of answers) {
        assert.ok(res.statusCode === 200 || res.statusCode === 201, res.body);
        const body = res.json() as { token?: string };
        ids.push(body.token ?? cookieOf(res, 'sessionid')?.value ?? '');
      }
    }
    assert.equal(new Set(ids).size, ids.length, 'all distinct');
    const secrets = [u.id, u.email, u.username, String(u.studioId), 'entropy'].map((s) => s.toLowerCase());
    for (const id of ids) {
      assert.match(id, /^[A-Za-z0-9_-]{43}$/, `43 base64url characters: ${id}`);
      const decoded = Buffer.from(id, 'base64url').toString('latin1').toLowerCase();
      for (const s of secrets) {
        assert.ok(!id.toLowerCase().includes(s) && !decoded.includes(s), `no ${s} inside`);
      }
      // Structured data (JSON, a signed payload, "user:123") decodes to mostly printable text; 32 random bytes are about
      // 37 % printable, and more than 80 % printable happens with a probability near 1e-8 per id.
      const printable = [...decoded].filter((c) => c >= ' ' && c <= '~').length;
      assert.ok(printable / decoded.length < 0.8, `decodes to text (${printable} of ${decoded.length} printable): ${id}`);
      assert.throws(() => JSON.parse(Buffer.from(id, 'base64url').toString('utf8')), 'not JSON');
    }
    // Positions 0..41 carry 6 random bits each (the 43rd only 4), so every character of the alphabet is equally likely.
    const counts = new Map<string, number>();
    for (const id of ids) for (const ch of id.slice(0, 42)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const total = ids.length * 42;
    const expected = total / 64;
    let chi = 0;
    for (const ch of ALPHABET) chi += ((counts.get(ch) ?? 0) - expected) ** 2 / expected;
    // The bound is p = 1e-6 (131.4), not 0.001 (103.4): a test run on every commit must not fail one run in a thousand
    // on honest random numbers, and a biased generator (one fixed bit, a 62-letter alphabet) lands far above 131.4.
    assert.ok(chi < 131.4, `chi-square ${chi.toFixed(1)} over 63 degrees of freedom (p = 1e-6 bound 131.4)`);
    // A per-position check catches a fixed or biased position that pooling would hide.
    for (let p = 0; p < 42; p++) {
      const distinct = new Set(ids.map((id) => id[p])).size;
      assert.ok(distinct >= 48, `position ${p} uses ${distinct} of 64 characters`);
    }
  } finally {
    await t.close();
  }
});

// issue #22: SECURITY-BAR R3, length and blocklist policy without composition rules, and a hard maximum that is
// refused before any hashing. Exercised through the password change, the one password-setting route open to a user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login } from '../helpers/app.ts';

test('R3 password policy: short, common, product-name and own-email passwords are 400 with a reason; a lowercase passphrase and 64 characters pass; 4096 characters are refused without hashing', async () => {
  const t = await buildTestApp();
  try {
    const u = await createUser(t, { studio: 'Policy Studio', email: 'marguerite.policy@example.test' });
    let current = u.password;
    const change = async (next: string): Promise<{ status: number; body: Record<string, unknown>; ms: number }> => {
      const s = await login(t, { email: u.email, password: current });
      const started = performance.now();
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { current_password: current, new_password: next } });
      const ms = performance.now() - started;
      if (res.statusCode === 200) current = next;
      return { status: res.statusCode, body: res.json() as Record<string, unknown>, ms };
    };

    for (const [label, weak] of [
      ['7 characters', 'Ab3$xyz'],
      ['a top-list password', 'password1234'],
      ['another top-list password', 'qwertyuiop123'],
      ['the product name', 'Lightbox'],
      ['the product name with digits', 'lightbox2026!!!!'],
      ['the e-mail local part', 'marguerite.policy'],
    ] as const) {
      const r = await change(weak);
      assert.equal(r.status, 400, `${label}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, 'weak_password', label);
      const details = r.body.details as Record<string, unknown> | undefined;
      assert.equal(typeof details?.new_password, 'string', `${label}: the reason names the field`);
      assert.ok(String(details?.new_password).length > 10, `${label}: a reason the user can act on`);
    }

    const passphrase = 'mountainriverdusk';
    assert.equal(passphrase.length >= 16 && passphrase === passphrase.toLowerCase(), true);
    assert.equal((await change(passphrase)).status, 200, 'all lowercase, no digits or symbols: no composition rule');

    const long64 = 'Lens-hood tripod mounts & golden-hour aperture; bokeh at f/1.4ok';
    assert.equal(long64.length, 64);
    assert.equal((await change(long64)).status, 200, '64 characters are accepted');

    const huge = await change('k'.repeat(2048) + 'j'.repeat(2048));
    assert.ok([400, 413, 422].includes(huge.status), `4096 characters are refused (got ${huge.status})`);
    assert.ok(huge.ms < 50, `refused before any argon2 run (${huge.ms.toFixed(1)} ms)`);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: long64 } })).statusCode, 201, 'the refused change left the password alone');
  } finally {
    await t.close();
  }
});

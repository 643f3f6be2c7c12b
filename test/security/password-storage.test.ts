// issue #2: passwords stored only as argon2id PHC strings at the OWASP floor; verified exactly, NFKC-normalized (grey-box).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { buildTestApp, createUser, type TestApp } from '../helpers/app.ts';

function phcParams(phc: string): { algorithm: string; version: number; m: number; t: number; p: number; salt: string } {
  const m = /^\$([a-z0-9]+)\$v=(\d+)\$([^$]+)\$([^$]+)\$([^$]+)$/.exec(phc);
  assert.ok(m, `PHC string: ${phc.slice(0, 20)}…`);
  const params = Object.fromEntries((m[3] ?? '').split(',').map((kv) => kv.split('='))) as Record<string, string>;
  return { algorithm: m[1] ?? '', version: Number(m[2]), m: Number(params.m), t: Number(params.t), p: Number(params.p), salt: m[4] ?? '' };
}

function storedHashes(t: TestApp): Map<string, string> {
  const db = new Database(join(t.dataDir, 'lightbox.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT id, password_hash FROM users').all() as Array<{ id: string; password_hash: string }>;
    return new Map(rows.map((r) => [r.id, r.password_hash]));
  } finally {
    db.close();
  }
}

describe('password storage and verification', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ loginThrottle: { freeFailures: 1000, ipMaxFailures: 10000 } });
  });
  after(async () => t.close());

  const loginStatus = async (email: string, password: string): Promise<number> =>
    (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } })).statusCode;

  test('argon2id PHC with m ≥ 19456, t ≥ 2, p = 1; salted; the password is nowhere in the database files', async () => {
    const canary = `Cnry-pw-${randomBytes(8).toString('hex')}`;
    const u1 = await createUser(t, { password: canary });
    const u2 = await createUser(t, { password: canary });
    assert.equal(await loginStatus(u1.email, canary), 201);
    const hashes = storedHashes(t);
    const h1 = hashes.get(u1.id) ?? '';
    const h2 = hashes.get(u2.id) ?? '';
    for (const h of [h1, h2]) {
      const p = phcParams(h);
      assert.equal(p.algorithm, 'argon2id');
      assert.equal(p.version, 19);
      assert.ok(p.m >= 19456, `m=${p.m}`);
      assert.ok(p.t >= 2, `t=${p.t}`);
      assert.equal(p.p, 1);
      assert.ok(Buffer.from(p.salt, 'base64').length >= 16, 'salt ≥ 128 bits');
    }
    assert.notEqual(h1, h2, 'same password, different salts');
    const files = readdirSync(t.dataDir).filter((f) => f.startsWith('lightbox.db'));
    for (const f of files) assert.equal(readFileSync(join(t.dataDir, f)).includes(canary), false, `${f} holds no plaintext password`);
    assert.equal(t.logs.text().includes(canary), false, 'nor do the logs');
  });

  test('the password is checked exactly: no truncation, no case folding', async () => {
    const password = 'Tr4nslucent-Aperture-Fstop-Shutter-Bokeh-Lens-Hood-Tripod-Mounts';
    assert.equal(password.length, 64);
    const user = await createUser(t, { password });
    assert.equal(await loginStatus(user.email, password), 201);
    assert.equal(await loginStatus(user.email, password.slice(0, 63)), 401);
    assert.equal(await loginStatus(user.email, `${password}x`), 401);
    assert.equal(await loginStatus(user.email, `t${password.slice(1)}`), 401);
    assert.equal(await loginStatus(user.email, ` ${password}`), 401, 'no trimming');

    const long = await createUser(t, { password: `${'xy'.repeat(36)}A` });
    assert.equal(await loginStatus(long.email, `${'xy'.repeat(36)}B`), 401, 'no 72-byte cut');
    assert.equal(await loginStatus(long.email, `${'xy'.repeat(36)}A`), 201);
  });

  test('Unicode: NFC and NFD forms of one password both log in; spaces and emoji round-trip', async () => {
    const nfc = 'caf\u00e9 au lait sur la terrasse';
    const nfd = 'cafe\u0301 au lait sur la terrasse';
    assert.notEqual(nfc, nfd);
    const a = await createUser(t, { password: nfc });
    assert.equal(await loginStatus(a.email, nfc), 201);
    assert.equal(await loginStatus(a.email, nfd), 201);
    const b = await createUser(t, { password: nfd });
    assert.equal(await loginStatus(b.email, nfc), 201);

    const emoji = '  📷 golden hour 🌅 at the pier  ';
    const c = await createUser(t, { password: emoji });
    assert.equal(await loginStatus(c.email, emoji), 201);
    assert.equal(await loginStatus(c.email, emoji.trim()), 401);
  });
});

test('login transparently rehashes a password stored with other parameters', async () => {
  const first = await buildTestApp();
  try {
    const user = await createUser(first);
    const before = phcParams(storedHashes(first).get(user.id) ?? '');
    assert.equal(before.t, 2);
    const second = await buildTestApp({ dataDir: first.dataDir, password: { timeCost: 3 } });
    try {
      const res = await second.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
      assert.equal(res.statusCode, 201);
      const after = phcParams(storedHashes(first).get(user.id) ?? '');
      assert.equal(after.t, 3);
      assert.equal(after.algorithm, 'argon2id');
      const again = await second.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
      assert.equal(again.statusCode, 201);
    } finally {
      await second.close();
    }
  } finally {
    await first.close();
  }
});

// The Basic credential cache: keyed by the exact header value, bounded, expiring, and holding no credential text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BasicCredentialCache, parseBasicAuthorization } from './basic.ts';

const header = (user: string, password: string, scheme = 'Basic'): string => `${scheme} ${Buffer.from(`${user}:${password}`).toString('base64')}`;

test('a verified header is answered from the cache; any other header value is a miss', () => {
  const cache = new BasicCredentialCache(60_000);
  const h = header('ann@example.test', 'correct horse battery');
  assert.ok(parseBasicAuthorization(h));
  cache.set(h, 'us_ann', '$argon2id$hash', 1000);
  assert.deepEqual(cache.get(h, 2000), { userId: 'us_ann', passwordHash: '$argon2id$hash', expiresAt: 61_000 });
  // Same pair written differently: not a hit (it is verified once more by the caller), never another user's entry.
  assert.equal(cache.get(header('ann@example.test', 'correct horse battery', 'basic'), 2000), null);
  assert.equal(cache.get(`${h} `, 2000), null);
  assert.equal(cache.get(header('ann@example.test', 'correct horse batterz'), 2000), null);
  assert.equal(cache.get(header('bob@example.test', 'correct horse battery'), 2000), null);
  // A header longer than the parser accepts is never looked up (it could never have been stored).
  const long = `Basic ${'QUFB'.repeat(600)}`;
  cache.set(long, 'us_long', 'h', 1000);
  assert.equal(cache.get(long, 2000), null);
  cache.delete(long);
  // Nothing of the credentials is kept in readable form.
  const kept = JSON.stringify([...(cache as unknown as { entries: Map<string, unknown> }).entries]);
  assert.ok(!kept.includes(h.slice(6)) && !kept.includes('correct horse'), kept);
});

test('entries expire, can be dropped, and the oldest goes when the cache is full', () => {
  const cache = new BasicCredentialCache(1000, 2);
  const [a, b, c] = ['a', 'b', 'c'].map((u) => header(`${u}@example.test`, 'pw pw pw pw'));
  cache.set(a as string, 'us_a', 'h', 0);
  assert.equal(cache.get(a as string, 1000), null, 'expired at its TTL');
  cache.set(a as string, 'us_a', 'h', 5000);
  cache.delete(a as string);
  assert.equal(cache.get(a as string, 5001), null, 'dropped');
  for (const h of [a, b, c]) cache.set(h as string, 'us', 'h', 10_000);
  assert.equal(cache.get(a as string, 10_001), null, 'the oldest went when a third arrived');
  assert.ok(cache.get(b as string, 10_001) && cache.get(c as string, 10_001));
});

// The shared bounded cache: its bound drops the least recently used entry, and its time to live follows the given clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../test/helpers/clock.ts';
import { createBoundedCache } from './bounded-cache.ts';

test('past its bound the least recently used entry goes, not the oldest inserted', () => {
  const cache = createBoundedCache<string, number>({ maxEntries: 2 });
  cache.set('a', 1);
  cache.set('b', 2);
  assert.equal(cache.get('a'), 1); // b is now the least recently used
  cache.set('c', 3);
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a'), 1);
  assert.equal(cache.get('c'), 3);
  assert.equal(cache.size, 2);
});

test('an entry expires when the injected clock passes its time to live, with no sleep and no timer', () => {
  const clock = new FakeClock();
  const cache = createBoundedCache<string, string>({ maxEntries: 10, ttlMs: 60_000, clock });
  cache.set('k', 'v');
  clock.advance(60);
  assert.equal(cache.get('k'), 'v', 'still served at exactly its time to live');
  clock.advance(0.001);
  assert.equal(cache.get('k'), undefined, 'gone one millisecond later');
  assert.equal(cache.size, 0, 'an expired entry met on a read is dropped');
});

test('a bound or time to live that cannot hold anything is refused at construction', () => {
  assert.throws(() => createBoundedCache({ maxEntries: 0 }), RangeError);
  assert.throws(() => createBoundedCache({ maxEntries: 1.5 }), RangeError);
  assert.throws(() => createBoundedCache({ maxEntries: 10, ttlMs: 0 }), RangeError);
});

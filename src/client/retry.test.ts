// issue #5: the SDK's retry arithmetic: Retry-After parsing and exponential backoff with jitter inside its bounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, parseRetryAfter, retryPolicy, RETRYABLE_STATUSES } from './retry.ts';

test('Retry-After: delta-seconds and HTTP dates; garbage is ignored', () => {
  assert.equal(parseRetryAfter('3'), 3);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6);
});

test('backoff doubles per attempt within [step/2, step], capped; Retry-After wins', () => {
  const low = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 });
  const high = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 });
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(low, a, undefined)), [50, 100, 200, 400, 500, 500]);
  assert.deepEqual([0, 1, 2].map((a) => backoffDelay(high, a, undefined)), [99, 199, 399]);
  assert.equal(backoffDelay(low, 0, 2), 2000);
  assert.ok(backoffDelay(high, 0, 2) < 2100);
});

test('only 429 and 503 are retryable', () => {
  assert.deepEqual([...RETRYABLE_STATUSES].sort(), [429, 503]);
});

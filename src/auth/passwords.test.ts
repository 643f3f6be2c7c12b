// How many argon2 hashes run at once: the default follows the cores the process may use, and the hasher holds to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { AppError } from '../errors.ts';
import { loadConfig } from '../config.ts';
import { PasswordHasher, hashConcurrency } from './passwords.ts';

test('hashConcurrency: one per core, at most four, unless configured', () => {
  assert.equal(hashConcurrency(undefined, 1), 1);
  assert.equal(hashConcurrency(undefined, 2), 2);
  assert.equal(hashConcurrency(undefined, 4), 4);
  assert.equal(hashConcurrency(undefined, 64), 4);
  assert.equal(hashConcurrency(undefined, 0), 1);
  assert.equal(hashConcurrency(7, 1), 7);
  assert.equal(hashConcurrency(1, 64), 1);
  assert.equal(hashConcurrency(undefined), Math.min(4, availableParallelism()));
});

test('password.maxConcurrent is unset by default and can be set from the environment', () => {
  assert.equal(loadConfig({}).password.maxConcurrent, undefined);
  assert.equal(loadConfig({ LIGHTBOX_PASSWORD_MAX_CONCURRENT: '3' }).password.maxConcurrent, 3);
  assert.throws(() => loadConfig({ LIGHTBOX_PASSWORD_MAX_CONCURRENT: '0' }));
});

async function refusedBeyond(maxConcurrent: number): Promise<{ done: number; refused: number }> {
  // No queue: every hash beyond the concurrent ones is refused at once with 503 `overloaded`.
  const hasher = new PasswordHasher({ memoryCost: 19456, timeCost: 2, parallelism: 1, maxConcurrent, maxQueue: 0 });
  const results = await Promise.allSettled(Array.from({ length: maxConcurrent + 2 }, () => hasher.hash('correct horse battery staple')));
  for (const r of results) {
    if (r.status === 'rejected') assert.ok(r.reason instanceof AppError && r.reason.code === 'overloaded', String(r.reason));
  }
  return { done: results.filter((r) => r.status === 'fulfilled').length, refused: results.filter((r) => r.status === 'rejected').length };
}

test('the hasher runs exactly maxConcurrent hashes at once', async () => {
  assert.deepEqual(await refusedBeyond(1), { done: 1, refused: 2 });
  assert.deepEqual(await refusedBeyond(3), { done: 3, refused: 2 });
});

// The image queue's background line (issue #18): re-renders and the backfill share the upload slots but never go
// ahead of a waiting upload, and never use up the upload queue's length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { ImageQueue } from './image-queue.ts';

/** A task that runs until released, recording when it started. */
function gate(order: string[], name: string): { task: () => Promise<string>; release: () => void } {
  let release = (): void => {};
  const done = new Promise<void>((resolve) => { release = resolve; });
  return { task: async () => { order.push(name); await done; return name; }, release: () => release() };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('a background task waits behind every upload that is waiting, and runs when a slot is free', async () => {
  const queue = new ImageQueue({ concurrency: 1, maxWaiting: 1, retryAfter: 3 });
  const order: string[] = [];
  const first = gate(order, 'upload 1');
  const bg = gate(order, 'background');
  const second = gate(order, 'upload 2');
  const running = [queue.run(first.task), queue.run(bg.task, { priority: 'background' }), queue.run(second.task)];
  await tick();
  assert.deepEqual(queue.load, { running: 1, waiting: 2 });
  // The upload line is full (one waiting): a third upload is refused; the background task did not count.
  await assert.rejects(queue.run(async () => 'upload 3'), (err: unknown) => err instanceof AppError && err.code === 'overloaded' && err.retryAfter === 3);
  first.release();
  await tick();
  assert.deepEqual(order, ['upload 1', 'upload 2'], 'the upload queued after the background task runs first');
  second.release();
  await tick();
  assert.deepEqual(order, ['upload 1', 'upload 2', 'background']);
  bg.release();
  assert.deepEqual(await Promise.all(running), ['upload 1', 'background', 'upload 2']);
  assert.deepEqual(queue.load, { running: 0, waiting: 0 });
});

test('a background task starts at once on an idle queue', async () => {
  const queue = new ImageQueue({ concurrency: 2, maxWaiting: 5, retryAfter: 1 });
  const order: string[] = [];
  const idle = gate(order, 'background on an idle queue');
  const done = queue.run(idle.task, { priority: 'background' });
  await tick();
  assert.deepEqual(order, ['background on an idle queue']);
  idle.release();
  assert.equal(await done, 'background on an idle queue');
  assert.deepEqual(queue.load, { running: 0, waiting: 0 });
});

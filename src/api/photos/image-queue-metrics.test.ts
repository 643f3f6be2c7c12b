// issue #21: the image-queue gauge of /metrics reads this queue at scrape time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metrics } from '../../http/metrics.ts';
import { ImageQueue } from './image-queue.ts';
import { parseMetrics, sample } from '../../../test/helpers/prometheus.ts';

test('lightbox_image_queue_jobs shows the decodes running and waiting in the watched queue at each scrape', async () => {
  const metrics = new Metrics({ processMetrics: false, activeSessions: async () => ({ cookie: 0, token: 0, jwt: 0 }) });
  const queue = new ImageQueue({ concurrency: 1, maxWaiting: 5, retryAfter: 1 });
  metrics.watchImageQueue(() => queue.load);
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const jobs = [queue.run(() => gate), queue.run(async () => undefined), queue.run(async () => undefined)];
  const busy = parseMetrics(await metrics.render());
  assert.equal(sample(busy, 'lightbox_image_queue_jobs', { state: 'running' }), 1);
  assert.equal(sample(busy, 'lightbox_image_queue_jobs', { state: 'waiting' }), 2);
  release();
  await Promise.all(jobs);
  const idle = parseMetrics(await metrics.render());
  assert.equal(sample(idle, 'lightbox_image_queue_jobs', { state: 'running' }), 0);
  assert.equal(sample(idle, 'lightbox_image_queue_jobs', { state: 'waiting' }), 0);
});

// issue #21: the metrics' labels stay bounded whatever the events carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metrics } from './metrics.ts';
import { parseMetrics, sample } from '../../test/helpers/prometheus.ts';

test('a login scheme the counter does not know is counted as other, never as a new label value', async () => {
  const metrics = new Metrics({ processMetrics: false, activeSessions: async () => ({}) });
  metrics.securityEvent('login_failed', { scheme: 'user@example.test', userId: 'us_1' });
  metrics.securityEvent('login_succeeded', { scheme: 'basic', userId: 'us_1' });
  metrics.securityEvent('logout', { scheme: 'password' });
  const text = await metrics.render();
  const samples = parseMetrics(text);
  assert.equal(sample(samples, 'lightbox_logins_total', { scheme: 'other', outcome: 'failure' }), 1);
  assert.equal(sample(samples, 'lightbox_logins_total', { scheme: 'basic', outcome: 'success' }), 1);
  assert.ok(!text.includes('example.test') && !text.includes('us_1'));
});

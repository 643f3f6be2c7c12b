// `--demo` seeding (issue #4): the demo studio gets clients and leads once, visible through the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, login } from '../helpers/app.ts';
import { apiAs } from '../helpers/studio-api.ts';
import { seedDemo } from '../../src/demo.ts';

test('demo seeding adds clients and leads once, and the demo owner sees them', async () => {
  const t = await buildTestApp();
  try {
    await seedDemo(t.deps);
    const again = await seedDemo(t.deps);
    const api = apiAs(t, await login(t, { email: again.email, password: again.password }));
    const all = (await api('GET', '/api/v1/clients/')).json();
    assert.equal(all.meta.total, 6);
    const leads = (await api('GET', '/api/v1/clients/?types=lead')).json();
    assert.equal(leads.meta.total, 2);
    const found = (await api('GET', `/api/v1/clients/?q=${encodeURIComponent('amélie')}`)).json();
    assert.equal(found.data[0]?.last_name, 'Dubois');
  } finally {
    await t.close();
  }
});

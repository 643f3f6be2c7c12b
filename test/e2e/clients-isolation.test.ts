// Cross-studio isolation of the clients API (issue #4, SECURITY-BAR R36/R37): another studio's ids look missing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login, type TestApp } from '../helpers/app.ts';
import { apiAs, randomId, type ApiCall } from '../helpers/studio-api.ts';
import { withoutRequestId } from '../helpers/http.ts';

describe('clients: studio A never sees or changes studio B', () => {
  let t: TestApp;
  let asA: ApiCall;
  let asB: ApiCall;
  let studioA: string;
  let studioB: string;
  let bClient: Record<string, unknown>;
  let aClient: Record<string, unknown>;

  before(async () => {
    t = await buildTestApp();
    const a = await createUser(t, { studio: 'Studio Alpha', role: 'owner' });
    const b = await createUser(t, { studio: 'Studio Bravo', role: 'owner' });
    studioA = a.studioId ?? '';
    studioB = b.studioId ?? '';
    asA = apiAs(t, await login(t, a));
    asB = apiAs(t, await login(t, b));
    bClient = (await asB('POST', '/api/v1/clients/', { email: 'marker-bravo@example.test', first_name: 'BRAVOMARKER', type: 'lead', notes: 'secret-bravo' })).json().data;
    aClient = (await asA('POST', '/api/v1/clients/', { email: 'marker-alpha@example.test', first_name: 'ALPHAMARKER' })).json().data;
  });
  after(async () => {
    await t.close();
  });

  test("B's client id used as A: GET, PUT, PATCH, DELETE are 404 identical to a random id", async () => {
    const bId = String(bClient.id);
    const random = randomId('cl');
    const cases = [['GET', undefined], ['PUT', { email: 'taken-over@example.test' }], ['PATCH', { first_name: 'Hijacked' }], ['DELETE', undefined]] as const;
    for (const [method, body] of cases) {
      const foreign = await asA(method, `/api/v1/clients/${bId}`, body);
      const missing = await asA(method, `/api/v1/clients/${random}`, body);
      assert.equal(foreign.statusCode, 404, `${method} ${foreign.body}`);
      assert.deepEqual(withoutRequestId(foreign.json()), withoutRequestId(missing.json()));
      assert.deepEqual(withoutRequestId(foreign.json()), { error: 'Not Found', message: 'Client not found', code: 'not_found' });
      assert.deepEqual(Object.keys(foreign.headers).sort(), Object.keys(missing.headers).sort());
    }
    // B's client is untouched, as B sees it.
    const seenByB = await asB('GET', `/api/v1/clients/${bId}`);
    assert.equal(seenByB.statusCode, 200);
    assert.deepEqual(seenByB.json().data, bClient);
  });

  test("A's list and search never contain B's data", async () => {
    for (const url of ['/api/v1/clients/?per_page=100', '/api/v1/clients/?q=bravo', '/api/v1/clients/?q=BRAVOMARKER&types=lead', `/api/v1/clients/?studio_id=${studioB}`, '/api/v1/clients/?q=%25']) {
      const res = await asA('GET', url);
      assert.equal(res.statusCode, 200, url);
      assert.doesNotMatch(res.body, /bravo/i, url);
      assert.doesNotMatch(res.body, new RegExp(String(bClient.id)), url);
    }
    const all = (await asA('GET', '/api/v1/clients/?per_page=100')).json();
    assert.deepEqual(all.data.map((c: { id: string }) => c.id), [aClient.id]);
    assert.equal(all.meta.total, 1);
  });

  test("the studio comes only from the session: studio_id in body, query or header creates in A", async () => {
    const res = await asA('POST', `/api/v1/clients/?studio_id=${studioB}`, { email: 'planted@example.test', studio_id: studioB }, { headers: { 'x-studio-id': studioB } });
    assert.equal(res.statusCode, 201);
    const id = res.json().data.id as string;
    assert.ok(await t.store.clients.findClient(studioA, id));
    assert.equal(await t.store.clients.findClient(studioB, id), null);
    const bList = (await asB('GET', '/api/v1/clients/?per_page=100')).json();
    assert.ok(!bList.data.some((c: { email: string }) => c.email === 'planted@example.test'));
  });

  test('the same email may exist in two studios', async () => {
    const res = await asA('POST', '/api/v1/clients/', { email: 'marker-bravo@example.test' });
    assert.equal(res.statusCode, 201);
  });
});

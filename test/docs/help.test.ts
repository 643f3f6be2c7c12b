// issue #5: GET /api/help describes exactly the schemes this configuration enables, with curl examples for this server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { type TestApp, withTestApp } from '../helpers/app.ts';
import { buildHelp } from '../../src/http/docs/help.ts';
import { loadConfig } from '../../src/config.ts';
import type { HelpDocument } from '../../src/http/docs/help-schema.ts';

async function help(t: TestApp, headers: Record<string, string> = {}, remoteAddress?: string): Promise<HelpDocument> {
  const res: LightMyRequestResponse = await t.app.inject({ method: 'GET', url: '/api/help', headers, ...(remoteAddress ? { remoteAddress } : {}) });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  return res.json() as HelpDocument;
}

function commands(doc: HelpDocument): string[] {
  const examples = [...doc.authentication.schemes.map((s) => s.example), ...(doc.authentication.application_key ? [doc.authentication.application_key.example] : [])];
  return examples.flatMap((e) => e.steps.map((s) => s.command));
}

const ids = (doc: HelpDocument): string[] => doc.authentication.schemes.map((s) => s.id);

test('default config: cookie+CSRF, token (with auth_token), JWT and PATs; no Basic, no application key', async () => {
  await withTestApp({}, async (t) => {
    const doc = await help(t, { host: 'studio.example:8443' });
    assert.deepEqual(ids(doc), ['session', 'token', 'jwt', 'pat']);
    assert.equal(doc.authentication.application_key, undefined);
    assert.deepEqual(doc.authentication.not_enabled.map((n) => n.id), ['basic']);
    assert.deepEqual(doc.authentication.csrf.headers, ['X-CSRF-Token', 'X-CSRFToken', 'X-CSRF']);
    assert.equal(doc.authentication.csrf.cookie, 'csrftoken');
    const session = doc.authentication.schemes.find((s) => s.id === 'session');
    assert.ok(session?.csrf);
    assert.ok(session.send.some((p) => p.in === 'cookie' && p.name === 'sessionid'));
    const token = doc.authentication.schemes.find((s) => s.id === 'token');
    assert.ok(token?.example.steps.some((s) => s.command.includes('?auth_token=$TOKEN')), 'the query parameter is shown when enabled');
    const jwt = doc.authentication.schemes.find((s) => s.id === 'jwt');
    assert.ok(jwt);
    assert.ok(jwt.example.steps.some((s) => s.command.includes('/api/auth/token/refresh')));
    assert.ok(jwt.send.some((p) => p.in === 'cookie' && p.name === 'jwt'));
    const all = commands(doc);
    assert.ok(all.every((c) => !c.includes('X-Api-Key')), 'no application key when none is required');
    assert.ok(all.every((c) => !c.includes(' -u ')), 'no Basic example when Basic is off');
    for (const c of all.filter((c) => c.includes('curl '))) assert.ok(c.includes('"http://studio.example:8443/'), c);
    assert.equal(doc.base_url, 'http://studio.example:8443');
    assert.equal(doc.documentation.openapi, 'http://studio.example:8443/api/schema');
    assert.equal(doc.documentation.swagger_ui, 'http://studio.example:8443/api/swagger');
    assert.equal(doc.documentation.redoc, 'http://studio.example:8443/api/redoc');
  });
});

test('the error section lists every status and code the server can send, and 401/403/rate-limit behaviour', async () => {
  await withTestApp({ loginThrottle: { freeFailures: 7 } }, async (t) => {
    const doc = await help(t);
    assert.match(doc.errors.format, /"error".*"message".*"code"/);
    const s401 = doc.errors.statuses.find((s) => s.status === 401);
    assert.ok(s401);
    assert.ok(s401.codes.includes('session_invalid') && s401.codes.includes('api_key_required'));
    assert.ok(s401.headers.some((h) => h.startsWith('WWW-Authenticate: Bearer')));
    assert.ok(doc.errors.statuses.find((s) => s.status === 403)?.codes.includes('csrf_failed'));
    assert.ok(doc.errors.statuses.find((s) => s.status === 429)?.headers.includes('Retry-After'));
    assert.equal(doc.rate_limits.login.free_failures, 7);
    assert.match(doc.rate_limits.description, /after 7 consecutive failures/);
    assert.match(doc.unauthorized_vs_forbidden['401'], /WWW-Authenticate/);
  });
});

test('Basic appears only when enabled, and says HTTPS-only unless allowInsecure', async () => {
  await withTestApp({ auth: { basic: { enabled: true } } }, async (t) => {
    const doc = await help(t);
    assert.deepEqual(ids(doc), ['session', 'token', 'jwt', 'pat', 'basic']);
    const basic = doc.authentication.schemes.find((s) => s.id === 'basic');
    assert.match(basic?.description ?? '', /only over HTTPS/);
    assert.ok(basic?.example.steps[0]?.command.includes("-u '<username>:<password>'"));
    assert.deepEqual(doc.authentication.not_enabled, []);
  });
  await withTestApp({ auth: { basic: { enabled: true, allowInsecure: true } } }, async (t) => {
    const basic = (await help(t)).authentication.schemes.find((s) => s.id === 'basic');
    assert.match(basic?.description ?? '', /Plain HTTP is allowed on this server/);
  });
});

test('the application-key section and X-Api-Key in every /api/ example appear only when auth.requireAppKey is on', async () => {
  await withTestApp({ auth: { requireAppKey: true } }, async (t) => {
    const doc = await help(t);
    const section = doc.authentication.application_key;
    assert.equal(section?.header, 'X-Api-Key');
    assert.deepEqual(section.exempt, ['/api/help', '/api/schema', '/api/swagger', '/api/redoc']);
    for (const example of [...doc.authentication.schemes.map((s) => s.example), section.example]) {
      assert.ok(example.placeholders.includes('<app_key>'));
      for (const c of example.steps.map((s) => s.command).filter((c) => c.includes('/api/'))) assert.ok(c.includes('-H "X-Api-Key: $APP_KEY"'), c);
    }
  });
});

test('with auth.tokenQueryParam off, the auth_token query parameter is not offered', async () => {
  await withTestApp({ auth: { tokenQueryParam: false } }, async (t) => {
    const doc = await help(t);
    const token = doc.authentication.schemes.find((s) => s.id === 'token');
    assert.ok(token);
    assert.ok(!JSON.stringify(token.example).includes('auth_token'));
    assert.ok(!token.send.some((p) => p.in === 'query'));
    assert.ok(doc.authentication.not_enabled.some((n) => n.id === 'token_query' && n.setting === 'auth.tokenQueryParam'));
  });
});

test('base URL: server.publicUrl wins over Host; a forged Host or an untrusted X-Forwarded-Proto is not echoed', async () => {
  await withTestApp({ server: { publicUrl: 'https://photos.example.com/' } }, async (t) => {
    const doc = await help(t, { host: 'attacker.test' });
    assert.equal(doc.base_url, 'https://photos.example.com');
    for (const c of commands(doc).filter((c) => c.includes('curl '))) assert.ok(c.includes('"https://photos.example.com/'), c);
  });
  await withTestApp({ server: { port: 8123 } }, async (t) => {
    assert.equal((await help(t, { host: "evil.test'; rm -rf ~; echo '" })).base_url, 'http://127.0.0.1:8123');
    assert.equal((await help(t, { host: 'api.test', 'x-forwarded-proto': 'https' })).base_url, 'http://api.test');
    assert.equal((await help(t, { host: '[::1]:8080' })).base_url, 'http://[::1]:8080');
  });
  await withTestApp({ server: { trustProxy: ['10.0.0.9'] } }, async (t) => {
    assert.equal((await help(t, { host: 'api.test', 'x-forwarded-proto': 'https' }, '10.0.0.9')).base_url, 'https://api.test');
  });
});

test('buildHelp is a pure function of the configuration and the base URL', () => {
  const config = loadConfig({}, { overrides: { auth: { basic: { enabled: true } } } });
  const a = buildHelp(config, 'http://a.test/', '1.2.3');
  assert.deepEqual(a, buildHelp(config, 'http://a.test/', '1.2.3'));
  assert.equal(a.base_url, 'http://a.test');
  assert.equal(a.version, '1.2.3');
  assert.ok(ids(a).includes('basic'));
  assert.ok(commands(a).filter((c) => c.includes('curl ')).every((c) => c.includes('"http://a.test/')));
});

// loadConfig: defaults, sources and their precedence, and every bad key reported at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-config-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

test('defaults follow issue 2 and the security bar', () => withDir((cwd) => {
  const c = loadConfig({}, { cwd });
  assert.equal(c.dataDir, './data');
  assert.equal(c.server.host, '127.0.0.1');
  assert.equal(c.server.port, 8080);
  assert.deepEqual(c.server.trustProxy, []);
  assert.equal(c.server.bodyLimit, 1048576);
  assert.equal(c.server.authBodyLimit, 16384);
  assert.deepEqual(c.session, { idleTimeout: 1209600, absoluteTimeout: 2592000, touchInterval: 60 });
  assert.equal(c.cookies.session, 'sessionid');
  assert.equal(c.cookies.csrf, 'csrftoken');
  assert.equal(c.cookies.secure, 'auto');
  assert.equal(c.password.memoryCost, 19456);
  assert.equal(c.password.timeCost, 2);
  assert.equal(c.password.parallelism, 1);
  assert.equal(c.password.minLength, 15);
  assert.ok(c.password.maxLength >= 64);
  assert.equal(c.loginThrottle.freeFailures, 5);
  assert.equal(c.loginThrottle.hardLockAfter, 100);
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.session) && Object.isFrozen(c.server.trustProxy));
}));

test('LIGHTBOX_* variables are coerced to the schema types; aliases work', () => withDir((cwd) => {
  const c = loadConfig({
    LIGHTBOX_PORT: '9090', LIGHTBOX_HOST: '0.0.0.0', LIGHTBOX_DATA: '/srv/lightbox',
    LIGHTBOX_SESSION_IDLE_TIMEOUT: '60', LIGHTBOX_SERVER_TRUST_PROXY: '10.0.0.1, 10.0.0.0/8',
    LIGHTBOX_COOKIES_SECURE: 'always', LIGHTBOX_LOG_LEVEL: 'warn', PATH: '/usr/bin', HOME: '/root',
  }, { cwd });
  assert.equal(c.server.port, 9090);
  assert.equal(c.server.host, '0.0.0.0');
  assert.equal(c.dataDir, '/srv/lightbox');
  assert.equal(c.session.idleTimeout, 60);
  assert.deepEqual(c.server.trustProxy, ['10.0.0.1', '10.0.0.0/8']);
  assert.equal(c.cookies.secure, 'always');
  assert.equal(c.log.level, 'warn');
}));

// issue #2 regression: TypeBox's Value.Errors stops after 8 errors and repeats unions, so loadConfig once reported only some keys.
test('every bad key is reported at once: bad env values and unknown LIGHTBOX_* names', () => withDir((cwd) => {
  const problems = problemsOf(() => loadConfig({
    LIGHTBOX_PORT: 'eighty',
    LIGHTBOX_SESSION_IDLE_TIMEOUT: '0',
    LIGHTBOX_COOKIES_SECURE: 'sometimes',
    LIGHTBOX_LOG_LEVEL: 'loud',
    LIGHTBOX_PASSWORD_MEMORY_COST: '1024',
    LIGHTBOX_BOGUS: '1',
    LIGHTBOX_SESION_IDLE_TIMEOUT: '5',
    LIGHTBOX_SERVER_BODY_LIMIT: '5',
    LIGHTBOX_LOGIN_THROTTLE_FREE_FAILURES: '0',
    LIGHTBOX_PASSWORD_PARALLELISM: '99',
    LIGHTBOX_SERVER_HOST: '',
  }, { cwd }));
  const text = problems.join('\n');
  const names = ['LIGHTBOX_PORT', 'LIGHTBOX_SESSION_IDLE_TIMEOUT', 'LIGHTBOX_COOKIES_SECURE', 'LIGHTBOX_LOG_LEVEL', 'LIGHTBOX_PASSWORD_MEMORY_COST',
    'LIGHTBOX_BOGUS', 'LIGHTBOX_SESION_IDLE_TIMEOUT', 'LIGHTBOX_SERVER_BODY_LIMIT', 'LIGHTBOX_LOGIN_THROTTLE_FREE_FAILURES', 'LIGHTBOX_PASSWORD_PARALLELISM', 'LIGHTBOX_SERVER_HOST'];
  for (const name of names) assert.ok(text.includes(name), `${name} is named in:\n${text}`);
  assert.equal(problems.length, names.length, `one problem per bad key:\n${text}`);
  assert.match(text, /cookies\.secure \(LIGHTBOX_COOKIES_SECURE\): must be one of "auto", "always", "never"/);
  const err = (() => { try { loadConfig({ LIGHTBOX_BOGUS: '1', LIGHTBOX_PORT: 'x' }, { cwd }); } catch (e) { return e as Error; } return null; })();
  assert.match(err?.message ?? '', /LIGHTBOX_BOGUS[\s\S]*LIGHTBOX_PORT|LIGHTBOX_PORT[\s\S]*LIGHTBOX_BOGUS/, 'the message names every key');
}));

test('lightbox.config.json: read from cwd, its bad keys reported together with env problems', () => withDir((cwd) => {
  writeFileSync(join(cwd, 'lightbox.config.json'), JSON.stringify({ server: { port: 'x', colour: 'red' }, sessions: {}, session: { idleTimeout: 120 } }));
  const problems = problemsOf(() => loadConfig({ LIGHTBOX_LOG_LEVEL: 'loud' }, { cwd })).join('\n');
  for (const key of ['server.port', 'server.colour', 'sessions', 'LIGHTBOX_LOG_LEVEL']) assert.ok(problems.includes(key), `${key} in:\n${problems}`);

  writeFileSync(join(cwd, 'lightbox.config.json'), JSON.stringify({ server: { port: 7000 }, session: { idleTimeout: 120 } }));
  const c = loadConfig({ LIGHTBOX_PORT: '7001' }, { cwd, overrides: { session: { idleTimeout: 30 } } });
  assert.equal(c.server.port, 7001, 'env beats the file');
  assert.equal(c.session.idleTimeout, 30, 'explicit overrides beat both');
  assert.equal(c.session.absoluteTimeout, 2592000, 'defaults fill the rest');

  writeFileSync(join(cwd, 'lightbox.config.json'), '{ not json');
  assert.match(problemsOf(() => loadConfig({}, { cwd })).join('\n'), /lightbox\.config\.json/);
  writeFileSync(join(cwd, 'lightbox.config.json'), '[1]');
  assert.match(problemsOf(() => loadConfig({}, { cwd })).join('\n'), /JSON object/);
}));

test('an explicit config file that does not exist is an error, not silently ignored', () => withDir((cwd) => {
  assert.match(problemsOf(() => loadConfig({}, { cwd, file: join(cwd, 'missing.json') })).join('\n'), /missing\.json/);
  assert.match(problemsOf(() => loadConfig({ LIGHTBOX_CONFIG: join(cwd, 'gone.json') }, { cwd })).join('\n'), /gone\.json/);
}));

test('cross-field rules', () => withDir((cwd) => {
  assert.match(problemsOf(() => loadConfig({}, { cwd, overrides: { session: { idleTimeout: 100, absoluteTimeout: 50 } } })).join('\n'), /absoluteTimeout/);
  assert.match(problemsOf(() => loadConfig({}, { cwd, overrides: { cookies: { session: '__Host-sid', secure: 'never' } } })).join('\n'), /__Host-/);
  assert.match(problemsOf(() => loadConfig({}, { cwd, overrides: { cookies: { session: 'bad name;' } } })).join('\n'), /cookies\.session/);
  assert.match(problemsOf(() => loadConfig({}, { cwd, overrides: { loginThrottle: { hardLockAfter: 1000 } } })).join('\n'), /hardLockAfter/);
}));

test('store: sqlite by default; LIGHTBOX_STORE_KIND and LIGHTBOX_STORE_URL select PostgreSQL (issue #19)', () => withDir((cwd) => {
  const defaults = loadConfig({}, { cwd }).store;
  assert.equal(defaults.kind, 'sqlite');
  assert.equal(defaults.url, undefined);
  const url = 'postgres://lightbox:s3cret@db.internal:5432/lightbox';
  assert.deepEqual(loadConfig({ LIGHTBOX_STORE_KIND: 'postgres', LIGHTBOX_STORE_URL: url }, { cwd }).store, { kind: 'postgres', url });
  const fromFile = join(cwd, 'lightbox.config.json');
  writeFileSync(fromFile, JSON.stringify({ store: { kind: 'postgres', url: 'postgresql://127.0.0.1/lightbox' } }));
  assert.equal(loadConfig({}, { cwd }).store.url, 'postgresql://127.0.0.1/lightbox');
}));

test('store: a bad kind or URL is reported by key and variable, without echoing the URL', () => withDir((cwd) => {
  const problems = problemsOf(() => loadConfig({ LIGHTBOX_STORE_KIND: 'mysql', LIGHTBOX_STORE_URL: 'mysql://root:hunter2@db/x' }, { cwd }));
  const text = problems.join('\n');
  assert.match(text, /store\.kind \(LIGHTBOX_STORE_KIND\): must be one of "sqlite", "postgres"/);
  assert.match(text, /store\.url \(LIGHTBOX_STORE_URL\)/);
  assert.doesNotMatch(text, /hunter2/, 'a connection URL carries a password: never in an error');
  assert.match(problemsOf(() => loadConfig({ LIGHTBOX_STORE_KIND: 'postgres' }, { cwd })).join('\n'), /store\.url: is required when store\.kind is "postgres"/);
  assert.match(problemsOf(() => loadConfig({ LIGHTBOX_STORE_URL: 'postgres://db/x' }, { cwd })).join('\n'), /store\.url: is only used when store\.kind is "postgres"/);
}));

test('redis: off by default; LIGHTBOX_REDIS_URL and LIGHTBOX_REDIS_PREFIX configure it, bad values reported without the URL (issue #19)', () => withDir((cwd) => {
  const defaults = loadConfig({}, { cwd }).redis;
  assert.equal(defaults.url, undefined);
  assert.equal(defaults.prefix, 'lightbox:');
  const url = 'redis://:s3cret@cache.internal:6379/2';
  assert.deepEqual(loadConfig({ LIGHTBOX_REDIS_URL: url, LIGHTBOX_REDIS_PREFIX: 'studio-a:' }, { cwd }).redis, { url, prefix: 'studio-a:' });
  const text = problemsOf(() => loadConfig({ LIGHTBOX_REDIS_URL: 'memcached://:hunter2@x', LIGHTBOX_REDIS_PREFIX: 'has space' }, { cwd })).join('\n');
  assert.match(text, /redis\.url \(LIGHTBOX_REDIS_URL\)/);
  assert.match(text, /redis\.prefix \(LIGHTBOX_REDIS_PREFIX\)/);
  assert.doesNotMatch(text, /hunter2/);
}));

// issue #21: CORS, metrics and log-format settings.
test('cors, metrics and log.format default to off, off and auto', () => withDir((cwd) => {
  const c = loadConfig({}, { cwd });
  assert.deepEqual(c.cors, { origins: [], maxAge: 600 });
  assert.equal(c.metrics.enabled, false);
  assert.equal(c.metrics.token, undefined);
  assert.equal(c.metrics.processMetrics, true);
  assert.equal(c.log.format, 'auto');
}));

test('cors.origins takes exact origins, from the file or a comma-separated LIGHTBOX_CORS_ORIGINS', () => withDir((cwd) => {
  const c = loadConfig({ LIGHTBOX_CORS_ORIGINS: 'https://app.example.com, http://127.0.0.1:5173', LIGHTBOX_METRICS_ENABLED: 'true', LIGHTBOX_METRICS_TOKEN: 'x'.repeat(32), LIGHTBOX_LOG_FORMAT: 'json' }, { cwd });
  assert.deepEqual(c.cors.origins, ['https://app.example.com', 'http://127.0.0.1:5173']);
  assert.equal(c.metrics.enabled, true);
  assert.equal(c.metrics.token, 'x'.repeat(32));
  assert.equal(c.log.format, 'json');
}));

test('a wildcard or anything but an exact origin in cors.origins is refused, each with its reason', () => withDir((cwd) => {
  const problems = problemsOf(() => loadConfig({}, {
    cwd, overrides: { cors: { origins: ['*', 'https://*.example.com', 'https://app.example.com/', 'https://App.Example.com', 'https://app.example.com:443', 'ftp://files.example.com', 'app.example.com', 'https://app.example.com/path'] } },
  }));
  assert.equal(problems.length, 8, problems.join('\n'));
  assert.match(problems[0] as string, /"\*" is refused: credentials are allowed, so every origin must be named/);
  assert.match(problems[1] as string, /"https:\/\/\*\.example\.com" is refused/);
  assert.match(problems[2] as string, /must be written exactly as the origin "https:\/\/app\.example\.com"/);
  assert.match(problems[3] as string, /must be written exactly as the origin "https:\/\/app\.example\.com"/);
  assert.match(problems[4] as string, /must be written exactly as the origin "https:\/\/app\.example\.com"/);
  assert.match(problems[5] as string, /"ftp:\/\/files\.example\.com" is not an http\(s\) origin/);
  assert.match(problems[6] as string, /"app\.example\.com" is not an http\(s\) origin/);
  assert.match(problems[7] as string, /must be written exactly as the origin/);
}));

test('metrics.token must be long enough and needs metrics.enabled; log.format is one of three', () => withDir((cwd) => {
  const short = problemsOf(() => loadConfig({ LIGHTBOX_METRICS_ENABLED: 'true', LIGHTBOX_METRICS_TOKEN: 'short', LIGHTBOX_LOG_FORMAT: 'fancy' }, { cwd }));
  assert.equal(short.length, 2, short.join('\n'));
  assert.ok(short.some((p) => p.startsWith('metrics.token (LIGHTBOX_METRICS_TOKEN):')), short.join('\n'));
  assert.ok(!short.some((p) => p.includes('short')), 'the token value is never echoed');
  assert.ok(short.some((p) => p === 'log.format (LIGHTBOX_LOG_FORMAT): must be one of "auto", "json", "pretty"'), short.join('\n'));
  assert.deepEqual(problemsOf(() => loadConfig({ LIGHTBOX_METRICS_TOKEN: 'y'.repeat(40) }, { cwd })), ['metrics.token: is only used when metrics.enabled is true']);
}));

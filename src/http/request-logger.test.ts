// Lightbox's logging: the lazy per-request logger writes what a pino child would, nothing below the configured level;
// request lines appear exactly when `info` is enabled; Fastify's own server-level lines reach the same stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { createLogger, loggingFor, redactSecrets } from './request-logger.ts';

async function run(level: string): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done): void {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logging = loggingFor(createLogger({ level, stream }));
  const app = Fastify({ ...logging.options, genReqId: () => 'req-1' });
  logging.install(app);
  app.addHook('onClose', async () => {
    app.log.warn({ event: 'closing' }, 'server-level');
  });
  app.get('/', async (request) => {
    request.log.debug({ event: 'debug_event' }, 'debug');
    request.log.info({ event: 'info_event' }, 'info');
    request.log.warn({ event: 'warn_event' }, 'warn');
    request.log.child({ part: 'inner' }).error('inner');
    return { ok: true };
  });
  const res = await app.inject({ method: 'GET', url: '/?auth_token=secret-value&x=1', headers: { authorization: 'Bearer secret-value' } });
  assert.equal(res.statusCode, 200);
  await app.close();
  assert.ok(!lines.join('\n').includes('secret-value'), 'credentials are redacted');
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('at warn: the handler\'s warnings carry the request id, nothing below warn is written, no request lines', async () => {
  const warn = await run('warn');
  assert.deepEqual(warn.map((r) => [r.msg, r.reqId]), [['warn', 'req-1'], ['inner', 'req-1'], ['server-level', undefined]]);
  assert.equal(warn[1]?.part, 'inner');
});

test('at debug: every level, and the incoming/completed request lines Fastify would write, with the URL redacted', async () => {
  const debug = await run('debug');
  assert.deepEqual(debug.map((r) => r.msg), ['incoming request', 'debug', 'info', 'warn', 'inner', 'request completed', 'server-level']);
  assert.ok(debug.slice(0, 6).every((r) => r.reqId === 'req-1'));
  assert.equal(debug[2]?.event, 'info_event');
  const incoming = debug[0]?.req as Record<string, unknown>;
  assert.equal(incoming.method, 'GET');
  assert.equal(incoming.url, '/?auth_token=[REDACTED]&x=1');
  const completed = debug[5] as { res: { statusCode: number }; responseTime: number };
  assert.equal(completed.res.statusCode, 200);
  assert.equal(typeof completed.responseTime, 'number');
});

// issue #17: redaction moved from pino's wildcard paths to one pass per line; it must censor at least what they did.
test('secrets are censored at the top level and one level down, in errors too; other values pass untouched', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done): void {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = createLogger({ level: 'info', stream });
  const err = Object.assign(new Error('refused'), { token: 'canary-err-token' });
  const headers = { cookie: 'sessionid=canary-cookie', authorization: 'Bearer canary-auth', 'x-auth-token': 'canary-x-auth', 'x-api-key': 'canary-key', 'x-csrf-token': 'canary-csrf', 'x-csrftoken': 'canary-csrf2', 'x-csrf': 'canary-csrf3', 'set-cookie': ['canary-set'] };
  const body = { email: 'a@example.test', password: 'canary-password', token: 'canary-token', csrf_token: 'canary-csrf-token', refresh: 'canary-refresh', access: 'canary-access' };
  log.info({ headers, body, password: 'canary-top', count: 3 }, 'request body');
  log.error({ err }, 'failed');
  log.info({ req: { method: 'GET', url: '/x?auth_token=canary-url&page=2', headers, ip: '10.0.0.1' } }, 'incoming request');
  const text = lines.join('');
  assert.equal(/canary/.test(text), false, text);
  const [first, second, third] = lines.map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);
  assert.equal(first?.body?.email, 'a@example.test');
  assert.equal(first?.body?.password, '[REDACTED]');
  assert.equal(first?.headers?.cookie, '[REDACTED]');
  assert.equal((first as unknown as { count: number }).count, 3);
  assert.equal(second?.err?.message, 'refused');
  assert.equal(second?.err?.type, 'Error');
  assert.equal(third?.req?.url, '/x?auth_token=[REDACTED]&page=2');
  assert.equal(third?.req?.headers, undefined, 'request lines carry no headers');

  // The object a caller logged is never modified, and a line without secrets is not copied.
  assert.equal(body.password, 'canary-password');
  const plain = { event: 'x', user: { id: 'u1' } };
  assert.equal(redactSecrets(plain), plain);
});

// The lazy per-request logger writes exactly what a pino child would, and nothing below the configured level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { lazyChildLogger } from './request-logger.ts';

async function run(level: string): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done): void {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = Fastify({ logger: { level, stream }, childLoggerFactory: lazyChildLogger, genReqId: () => 'req-1' });
  app.get('/', async (request) => {
    request.log.debug({ event: 'debug_event' }, 'debug');
    request.log.info({ event: 'info_event' }, 'info');
    request.log.warn({ event: 'warn_event' }, 'warn');
    request.log.child({ part: 'inner' }).error('inner');
    return { ok: true };
  });
  const res = await app.inject({ method: 'GET', url: '/' });
  assert.equal(res.statusCode, 200);
  await app.close();
  // Fastify's own request/response lines (info) are left out: these are the handler's.
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => ['debug', 'info', 'warn', 'inner'].includes(r.msg as string));
}

test('request logs carry the request id and honour the level (issue #6: the child is built on first use)', async () => {
  const warn = await run('warn');
  assert.deepEqual(warn.map((r) => [r.msg, r.reqId]), [['warn', 'req-1'], ['inner', 'req-1']]);
  assert.equal(warn[1]?.part, 'inner');

  const debug = await run('debug');
  assert.deepEqual(debug.map((r) => r.msg), ['debug', 'info', 'warn', 'inner']);
  assert.ok(debug.every((r) => r.reqId === 'req-1'));
  assert.equal(debug[1]?.event, 'info_event');
});

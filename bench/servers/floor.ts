// The floor: a bare Fastify route with no authentication, serving the bench resource or replaying a captured reply.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { RESOURCE, announce } from './shared.ts';
import type { CapturedReply } from '../lib/capture.ts';

const { values } = parseArgs({ options: { reply: { type: 'string' }, 'log-level': { type: 'string', default: 'warn' } } });
// At `info` Fastify's own default request logging (pino, two lines per request to stdout); below it no logger at all,
// as Lightbox runs Fastify below `info`.
const app = Fastify({ logger: values['log-level'] === 'info' });
if (values.reply) {
  // A real route's bytes: same status, same headers (the framework adds date, length and connection), same body.
  const captured = JSON.parse(readFileSync(values.reply, 'utf8')) as CapturedReply;
  app.get(captured.path, (_request, reply) => {
    reply.code(captured.status).headers(captured.headers).send(captured.body);
  });
} else {
  app.get('/bench/resource', async () => RESOURCE);
}
await app.listen({ host: '127.0.0.1', port: 0 });
announce(app, {});

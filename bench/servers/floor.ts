// The floor: a bare Fastify route with no authentication, serving the same small JSON resource as every other case.
import Fastify from 'fastify';
import { RESOURCE, announce } from './shared.ts';

const app = Fastify({ logger: false });
app.get('/bench/resource', async () => RESOURCE);
await app.listen({ host: '127.0.0.1', port: 0 });
announce(app, {});

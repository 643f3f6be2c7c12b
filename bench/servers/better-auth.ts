// Better Auth as its docs set it up on SQLite (better-sqlite3), mounted in Fastify, with a route that calls getSession.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { fromNodeHeaders } from 'better-auth/node';
import { RESOURCE, announce } from './shared.ts';

const { values } = parseArgs({ options: { 'cookie-cache': { type: 'boolean', default: false } } });
const dir = mkdtempSync(join(tmpdir(), 'better-auth-bench-'));
const sqlite = new Database(join(dir, 'auth.db'));
const app = Fastify({ logger: false });
let baseURL = '';

function createAuth(url: string, cookieCache: boolean) {
  return betterAuth({
    database: sqlite,
    baseURL: url,
    secret: 'bench-secret-bench-secret-bench-secret-0123456789',
    emailAndPassword: { enabled: true },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    session: cookieCache ? { cookieCache: { enabled: true, maxAge: 5 * 60 } } : {},
  });
}
/** Created once the port is known; the routes only run after that. */
let auth: ReturnType<typeof createAuth> | undefined;
// The documented Fastify mount: every /api/auth/* request becomes a Fetch Request for auth.handler.
app.route({
  method: ['GET', 'POST'],
  url: '/api/auth/*',
  async handler(request, reply) {
    const headers = fromNodeHeaders(request.headers);
    const req = new Request(new URL(request.url, baseURL), { method: request.method, headers, ...(request.body ? { body: JSON.stringify(request.body) } : {}) });
    const response = await (auth as NonNullable<typeof auth>).handler(req);
    reply.status(response.status);
    response.headers.forEach((value, key) => reply.header(key, value));
    return reply.send(response.body ? await response.text() : null);
  },
});
app.get('/bench/resource', async (request, reply) => {
  const session = await (auth as NonNullable<typeof auth>).api.getSession({ headers: fromNodeHeaders(request.headers) });
  if (!session) return reply.code(401).send({ error: 'unauthorized' });
  return RESOURCE;
});

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
baseURL = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

auth = createAuth(baseURL, values['cookie-cache']);
const { runMigrations } = await getMigrations(auth.options);
await runMigrations();


const email = 'bench@example.test';
const password = 'correct horse battery staple bench';
await auth.api.signUpEmail({ body: { email, password, name: 'Bench' } });
const signIn = await fetch(`${baseURL}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: baseURL }, body: JSON.stringify({ email, password }) });
if (!signIn.ok) throw new Error(`Better Auth sign-in failed: ${signIn.status} ${await signIn.text()}`);
const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

announce(app, { credentials: { session: cookie }, email, password, origin: baseURL }, async () => {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

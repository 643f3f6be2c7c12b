// Lightbox as the bench runs it: the real app (config, store, deps, buildApp) plus one tiny authenticated bench route.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { createDeps, openStores } from '../../src/main.ts';
import { buildApp } from '../../src/app.ts';
import { createAccountInStudio } from '../../src/auth/accounts.ts';
import { loginKey } from '../../src/auth/identifiers.ts';
import { createAccessToken } from '../../src/auth/access-tokens.ts';
import { createClient } from '../../src/api/clients/service.ts';
import type { OpenedStore } from '../../src/main.ts';
import type { AppDeps } from '../../src/http/deps.ts';
import { RESOURCE, announce } from './shared.ts';

export const BENCH_EMAIL = 'bench@example.test';
export const BENCH_PASSWORD = 'correct horse battery staple bench';

/**
 * Store backends the bench can run Lightbox on: the embedded SQLite file, or PostgreSQL with Redis (the scale-out
 * setup: shared auth cache and revocation channel), at --store-url and --redis-url, made by bench/run.ts.
 */
const STORES: Record<string, (config: Config) => Promise<OpenedStore>> = {
  sqlite: (config) => openStores(config),
  'postgres-redis': (config) => openStores(config),
};

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    'store-url': { type: 'string' },
    'redis-url': { type: 'string' },
    'redis-prefix': { type: 'string' },
    data: { type: 'string' },
    'seed-sessions': { type: 'string' },
    'tokens-file': { type: 'string' },
    /** Extra accounts for the login case, so concurrent logins are many users rather than one account's parallel attempts. */
    'login-users': { type: 'string', default: '0' },
    /**
     * `bench` (the default): log level warn and HTTP Basic on, for the bench-route cases. `shipped`: nothing but the
     * data directory and the address changed, the log level as a user sets it (`LIGHTBOX_LOG_LEVEL`, from `--log-level`).
     */
    config: { type: 'string', default: 'bench' },
    'log-level': { type: 'string' },
    /** Clients seeded into the bench user's studio, for GET /api/v1/clients. */
    clients: { type: 'string', default: '0' },
  },
});

const openStore = STORES[values.store];
if (!openStore) throw new Error(`unknown store ${values.store}; known: ${Object.keys(STORES).join(', ')}`);
const dataDir = values.data ?? mkdtempSync(join(tmpdir(), 'lightbox-bench-'));
const shipped = values.config === 'shipped';
if (!shipped && values.config !== 'bench') throw new Error(`unknown --config ${values.config}; known: bench, shipped`);
const env: Record<string, string> = values['log-level'] ? { LIGHTBOX_LOG_LEVEL: values['log-level'] } : {};
const shared = values.store === 'postgres-redis';
if (shared && (values['store-url'] === undefined || values['redis-url'] === undefined)) throw new Error('--store postgres-redis needs --store-url and --redis-url');
const backend = shared
  ? { store: { kind: 'postgres' as const, url: values['store-url'] as string }, redis: { url: values['redis-url'] as string, prefix: values['redis-prefix'] ?? 'lightbox-bench:' } }
  : {};
const config = loadConfig(shipped ? env : {}, {
  overrides: shipped
    ? { dataDir, server: { host: '127.0.0.1', port: 0 }, ...backend }
    : { dataDir, log: { level: 'warn' }, server: { host: '127.0.0.1', port: 0 }, auth: { basic: { enabled: true, allowInsecure: true } }, ...backend },
  cwd: dataDir,
});
const store = await openStore(config);
const deps = await createDeps(config, store);

async function benchUser(d: AppDeps, email = BENCH_EMAIL, username = 'bench'): Promise<{ id: string; studioId: string | null }> {
  const existing = await d.store.users.findUserByLoginKey(loginKey(email));
  if (existing) return { id: existing.id, studioId: (await d.store.studios.listUserStudios(existing.id))[0]?.studio.id ?? null };
  const { user, studio } = await createAccountInStudio(
    { store: d.store, hasher: d.hasher, clock: d.clock, passwordPolicy: { minLength: config.password.minLength, maxLength: config.password.maxLength } },
    { email, username, firstName: 'Bench', lastName: 'Mark', password: BENCH_PASSWORD, studioName: `Studio ${username}`, role: 'owner' },
  );
  return { id: user.id, studioId: studio?.id ?? null };
}

const user = await benchUser(deps);
const loginEmails = [BENCH_EMAIL];
for (let i = 1; i <= Number(values['login-users']); i++) {
  const email = `bench${i}@example.test`;
  await benchUser(deps, email, `bench${i}`);
  loginEmails.push(email);
}

const clientCount = Number(values.clients);
if (clientCount > 0 && user.studioId !== null) {
  const { total } = await store.clients.listClients(user.studioId, { types: null, search: null }, { limit: 1, offset: 0 });
  for (let i = total; i < clientCount; i++) {
    await createClient(deps, user.studioId, {
      email: `client${i}@example.test`, firstName: `First${i}`, lastName: `Last${i}`, phone: '+1 415 555 0142',
      type: i % 3 === 0 ? 'lead' : 'client', statusName: 'Booked', notes: 'Wedding on 14 June at Lakeside Gardens.',
    });
  }
}

if (values['seed-sessions']) {
  // Seeding mode: write N live cookie sessions straight into the store, list their cookies, and exit.
  const n = Number(values['seed-sessions']);
  const lines: string[] = [];
  for (let done = 0; done < n; done += 5000) {
    await store.transaction(async (tx) => {
      for (let i = done; i < Math.min(n, done + 5000); i++) {
        const { token } = await deps.sessions.within(tx).issue({ userId: user.id, studioId: user.studioId }, 'cookie');
        lines.push(`${config.cookies.session}=${token}`);
      }
    });
  }
  writeFileSync(values['tokens-file'] ?? join(dataDir, 'cookies.txt'), `${lines.join('\n')}\n`);
  await store.close();
  process.stdout.write(`${JSON.stringify({ seeded: n, dataDir })}\n`);
  process.exit(0);
}

const app: FastifyInstance = await buildApp(deps, {
  extraRoutes: (a) => {
    a.get('/bench/resource', { config: { policy: { access: 'authenticated', permission: 'account:read' } } }, async () => RESOURCE);
    // The memory case runs the server with --expose-gc and reads RSS after a full collection.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      a.get('/bench/gc', { config: { policy: { access: 'public' } } }, async () => {
        gc();
        gc();
        return { collected: true };
      });
    }
  },
});
await app.listen({ host: '127.0.0.1', port: 0 });

async function credentials(): Promise<Record<string, string>> {
  const body = { email: BENCH_EMAIL, password: BENCH_PASSWORD };
  const cookieLogin = await app.inject({ method: 'POST', url: '/api/auth/login', payload: body });
  const session = cookieLogin.cookies.find((c) => c.name === config.cookies.session)?.value;
  const tokenLogin = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { ...body, mode: 'token' } });
  const jwtLogin = await app.inject({ method: 'POST', url: '/api/auth/token/obtain', payload: body });
  const pat = await createAccessToken(store, deps.clock, { userId: user.id, studioId: user.studioId, name: 'bench', scopes: ['account:read'], expiresAt: null });
  if (!session || tokenLogin.statusCode !== 200 || jwtLogin.statusCode !== 200) throw new Error('bench logins failed');
  return {
    session: `${config.cookies.session}=${session}`,
    token: (tokenLogin.json() as { token: string }).token,
    jwt: (jwtLogin.json() as { access: string }).access,
    pat: pat.token,
    basic: `Basic ${Buffer.from(`${BENCH_EMAIL}:${BENCH_PASSWORD}`).toString('base64')}`,
  };
}

announce(app, { credentials: await credentials(), email: BENCH_EMAIL, password: BENCH_PASSWORD, loginEmails }, async () => {
  await store.close();
  if (!values.data) rmSync(dataDir, { recursive: true, force: true });
});

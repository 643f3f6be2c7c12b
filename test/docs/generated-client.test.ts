// issue #21: a client generated from GET /api/schema (openapi-typescript types + openapi-fetch) compiles in strict mode
// and makes real calls: token-mode login, clients and collections, against a listening server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { tsImport } from 'tsx/esm/api';
import { REPO_ROOT } from '../helpers/paths.ts';
import { createUser } from '../helpers/app.ts';
import { startLiveServer } from '../helpers/live-server.ts';

const run = promisify(execFile);
const ROOT = REPO_ROOT;

/** The consumer an API user would write: typed calls by path, typed results. Checked by tsc, then run. */
const CONSUMER = `import createClient from 'openapi-fetch';
import type { components, operations, paths } from './schema.ts';

type Client = components['schemas']['Client'];
// Operations are named by their readable operationId.
export type ListClientsQuery = operations['listClients']['parameters']['query'];
export type VisitorLoginBody = NonNullable<operations['visitorLogin']['requestBody']>['content']['application/json'];
type Collection = components['schemas']['Collection'];

export interface Outcome { token: string; created: Client; listed: Client[]; collection: Collection; collections: Collection[]; unauthenticated: number }

export async function scenario(baseUrl: string, email: string, password: string): Promise<Outcome> {
  const anonymous = createClient<paths>({ baseUrl });
  const login = await anonymous.POST('/api/auth/login', { body: { email, password, mode: 'token' } });
  if (login.data === undefined) throw new Error('login failed: ' + JSON.stringify(login.error));
  // The operation documents both answers (cookie mode 201, token mode 200): narrow to token mode.
  if (!('token' in login.data)) throw new Error('expected a token-mode answer');
  const token: string = login.data.token;

  const api = createClient<paths>({ baseUrl, headers: { 'X-Auth-Token': token } });
  const created = await api.POST('/api/v1/clients', { body: { email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper', type: 'client' } });
  if (created.data === undefined) throw new Error('create client failed: ' + JSON.stringify(created.error));
  const listed = await api.GET('/api/v1/clients', { params: { query: { q: 'grace' } } });
  if (listed.data === undefined) throw new Error('list clients failed');
  const one = await api.GET('/api/v1/clients/{id}', { params: { path: { id: created.data.data.id } } });
  if (one.data === undefined) throw new Error('get client failed');
  const collection = await api.POST('/api/v1/collections', { body: { name: 'Hopper wedding', downloadable: 'web-size', client_emails: ['grace@example.com'] } });
  if (collection.data === undefined) throw new Error('create collection failed: ' + JSON.stringify(collection.error));
  const collections = await api.GET('/api/v1/collections');
  if (collections.data === undefined) throw new Error('list collections failed');
  const denied = await anonymous.GET('/api/v1/clients');
  const code: string | undefined = denied.error?.code;
  if (code === undefined) throw new Error('expected a typed error body');

  // The types are the document's, not any: a wrong field type does not compile.
  // @ts-expect-error type is an enum of client | lead | other
  void (() => api.POST('/api/v1/clients', { body: { email: 'x@example.com', type: 'friend' } }));
  // @ts-expect-error an unknown path does not compile
  void (() => api.GET('/api/v1/no-such-route'));
  return { token, created: created.data.data, listed: listed.data.data, collection: collection.data.data, collections: collections.data.data, unauthenticated: denied.response.status };
}
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'],
    allowImportingTsExtensions: true, skipLibCheck: true, types: [], noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true,
  },
  files: ['schema.ts', 'consumer.ts'],
};

test('a client generated from the document compiles in strict mode and makes real calls', { timeout: 120_000 }, async () => {
  const server = await startLiveServer();
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-genclient-'));
  try {
    const document = await (await fetch(`${server.url}/api/schema`)).json() as OpenAPI3;
    writeFileSync(join(dir, 'schema.ts'), astToString(await openapiTS(document)));
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');

    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const compiled = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir }).then(() => '', (err: { stdout?: string }) => err.stdout ?? String(err));
    assert.equal(compiled, '', 'the consumer of the generated types compiles (strict)');

    const user = await createUser(server, { studio: 'Northlight' });
    // tsx's API compiles the generated TypeScript as it loads, whether this test itself runs compiled or through tsx.
    const { scenario } = await tsImport(pathToFileURL(join(dir, 'consumer.ts')).href, import.meta.url) as {
      scenario(baseUrl: string, email: string, password: string): Promise<{
        token: string; created: { id: string; email: string; type: string }; listed: Array<{ id: string }>;
        collection: { id: string; name: string; downloadable: string }; collections: Array<{ id: string }>; unauthenticated: number;
      }>;
    };
    const outcome = await scenario(server.url, user.email, user.password);
    assert.match(outcome.token, /.{20,}/);
    assert.equal(outcome.created.email, 'grace@example.com');
    assert.equal(outcome.created.type, 'client');
    assert.deepEqual(outcome.listed.map((c) => c.id), [outcome.created.id]);
    assert.equal(outcome.collection.name, 'Hopper wedding');
    assert.equal(outcome.collection.downloadable, 'web-size');
    assert.deepEqual(outcome.collections.map((c) => c.id), [outcome.collection.id]);
    assert.equal(outcome.unauthenticated, 401);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
});

test('the strict compile catches a consumer that misuses the generated types', { timeout: 120_000 }, async () => {
  const server = await startLiveServer();
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-genclient-'));
  try {
    const document = await (await fetch(`${server.url}/api/schema`)).json() as OpenAPI3;
    writeFileSync(join(dir, 'schema.ts'), astToString(await openapiTS(document)));
    // A collection has no `email`: reading it must not compile, or the check above proves nothing.
    writeFileSync(join(dir, 'consumer.ts'), `import type { components } from './schema.ts';\nexport const wrong = (c: components['schemas']['Collection']): string => c.email;\n`);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const output = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir }).then(() => 'compiled', (err: { stdout?: string }) => err.stdout ?? String(err));
    assert.match(output, /Property 'email' does not exist/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
});

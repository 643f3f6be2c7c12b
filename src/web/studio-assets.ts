// The studio pages' scripts (plain scripts, no build step), read once at start from src/web/assets/studio/ (copied
// beside the compiled module by scripts/build.mjs) and served with a strong ETag; pages link them with `?v=<hash>`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { AppError } from '../errors.ts';
import { html, type SafeHtml } from './html.ts';

const FILES = ['page.js', 'members.js', 'invite.js', 'upload.js', 'collection.js', 'account.js', 'clients.js'] as const;
export type StudioAssetName = (typeof FILES)[number];

interface Asset { body: Buffer; etag: string; version: string }

export interface StudioAssets {
  /** `/assets/studio/<name>?v=<content hash>`: a changed file is a new URL, so a cached old one is never run. */
  url(name: StudioAssetName): string;
  /** The script tags of a studio page: page.js (the helpers every page script uses), then the page's own. */
  pageScripts(name: Exclude<StudioAssetName, 'page.js'>): SafeHtml;
}

export function registerStudioAssets(app: FastifyInstance): StudioAssets {
  const assets = new Map<string, Asset>();
  for (const name of FILES) {
    const body = readFileSync(new URL(`./assets/studio/${name}`, import.meta.url));
    const version = createHash('sha256').update(body).digest('base64url').slice(0, 12);
    assets.set(name, { body, etag: `"${version}"`, version });
  }
  app.get('/assets/studio/:name', {
    config: { policy: { access: 'public' } },
    schema: { hide: true, params: Type.Object({ name: Type.String({ maxLength: 40 }) }), querystring: Type.Object({ v: Type.Optional(Type.String({ maxLength: 40 })) }) } as object,
  }, async (request, reply) => {
    const asset = assets.get((request.params as { name: string }).name);
    if (!asset) throw new AppError('not_found', 'No such file');
    reply.header('cache-control', 'public, max-age=86400').header('etag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(asset.body);
  });
  const url = (name: StudioAssetName): string => `/assets/studio/${name}?v=${assets.get(name)?.version ?? ''}`;
  return { url, pageScripts: (name) => html`<script src="${url('page.js')}"></script>\n<script src="${url(name)}"></script>` };
}

// The client gallery's static files (plain ES modules and one stylesheet, no build step), read once at start from
// src/web/assets/gallery/ (copied beside the compiled module by scripts/build.mjs) and served with a strong ETag.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { AppError } from '../errors.ts';

const FILES = {
  'gallery.css': 'text/css; charset=utf-8',
  'gallery.js': 'text/javascript; charset=utf-8',
  'viewer.js': 'text/javascript; charset=utf-8',
  'grid.js': 'text/javascript; charset=utf-8',
  'downloads.js': 'text/javascript; charset=utf-8',
  'api.js': 'text/javascript; charset=utf-8',
  'favorites.js': 'text/javascript; charset=utf-8',
  'lists-ui.js': 'text/javascript; charset=utf-8',
  'pin.js': 'text/javascript; charset=utf-8',
  'confirm-email.js': 'text/javascript; charset=utf-8',
} as const;
type AssetName = keyof typeof FILES;

interface Asset { body: Buffer; type: string; etag: string; version: string }

function load(): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const [name, type] of Object.entries(FILES)) {
    const body = readFileSync(new URL(`./assets/gallery/${name}`, import.meta.url));
    const version = createHash('sha256').update(body).digest('base64url').slice(0, 12);
    out.set(name, { body, type, etag: `"${version}"`, version });
  }
  return out;
}

export interface GalleryAssets {
  /** The content version of a file, for `?v=` on the page's links. */
  version(name: AssetName): string;
}

/** GET /assets/gallery/:name for the files above; revalidated by ETag (modules import each other without versions). */
export function registerGalleryAssets(app: FastifyInstance): GalleryAssets {
  const assets = load();
  app.get('/assets/gallery/:name', {
    config: { policy: { access: 'public' } },
    schema: { hide: true, params: Type.Object({ name: Type.String({ maxLength: 40 }) }), querystring: Type.Object({ v: Type.Optional(Type.String({ maxLength: 40 })) }) } as object,
  }, async (request, reply) => {
    const asset = assets.get((request.params as { name: string }).name);
    if (!asset) throw new AppError('not_found', 'No such file');
    reply.header('cache-control', 'public, no-cache').header('etag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });
  return { version: (name) => assets.get(name)?.version ?? '' };
}

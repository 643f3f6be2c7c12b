// `--demo`: a password-protected sample collection with two galleries of generated photos, for trying the Gallery API.
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { generateSecret } from '../../lib/ids.ts';
import type { AppDeps } from '../../http/deps.ts';
import { uploadPhotos, type IncomingFile } from '../photos/service.ts';
import type { ErrorLog } from '../photos/files.ts';
import { createCollection, updateCollection } from './service.ts';

export const DEMO_COLLECTION = 'Harbour Wedding (demo)';

export interface DemoCollection {
  name: string;
  slug: string;
  password: string;
}

const GALLERIES: Array<{ name: string; colors: Array<[string, string]> }> = [
  { name: 'Ceremony', colors: [['#ff9a9e', '#fad0c4'], ['#a18cd1', '#fbc2eb'], ['#fbc2eb', '#a6c1ee'], ['#84fab0', '#8fd3f4']] },
  { name: 'Reception', colors: [['#30cfd0', '#330867'], ['#f6d365', '#fda085'], ['#5ee7df', '#b490ca']] },
];

/** A gradient with a caption, as JPEG; SVG is our own markup here, never user input. */
async function samplePhoto(caption: string, [from, to]: [string, string]): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1067">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/>
<text x="50%" y="52%" font-family="sans-serif" font-size="96" fill="#ffffff" text-anchor="middle">${caption}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

async function* filesFor(gallery: (typeof GALLERIES)[number]): AsyncGenerator<IncomingFile> {
  let i = 1;
  for (const colors of gallery.colors) {
    const name = `${gallery.name.toLowerCase()}-${String(i).padStart(2, '0')}.jpg`;
    yield { filename: name, stream: Readable.from([await samplePhoto(`${gallery.name} ${i}`, colors)]) };
    i++;
  }
}

/** Creates the sample collection once; later starts only give it a fresh password, which is printed again. */
export async function seedDemoCollection(deps: AppDeps, studioId: string, log: ErrorLog): Promise<DemoCollection> {
  const password = generateSecret(9);
  // By name among every collection of the studio (not a first page: a studio with many would get a second copy).
  const found = (await deps.store.collections.listCollectionIndex(studioId)).find((c) => c.name === DEMO_COLLECTION);
  const existing = found ? await deps.store.collections.findCollection(studioId, found.id) : null;
  if (existing) {
    await updateCollection(deps, studioId, existing.id, { password });
    return { name: existing.name, slug: existing.slug, password };
  }
  const collection = await createCollection(deps, studioId, {
    name: DEMO_COLLECTION, description: 'Sample photos generated at start-up', eventDate: '2026-06-20', password, downloadable: 'original',
  });
  let cover: string | null = null;
  for (const spec of GALLERIES) {
    const gallery = await deps.store.galleries.createGallery(studioId, collection.id, { name: spec.name, description: '', private: false, position: null }, deps.clock.now());
    const photos = await uploadPhotos(deps, gallery, filesFor(spec), { maxBytes: deps.config.photos.maxUploadBytes, maxPixels: deps.config.photos.maxPixels }, log);
    cover ??= photos[0]?.id ?? null;
  }
  if (cover !== null) await updateCollection(deps, studioId, collection.id, { coverPhotoId: cover });
  return { name: collection.name, slug: collection.slug, password };
}

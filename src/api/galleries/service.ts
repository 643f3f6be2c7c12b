// Galleries: creation inside a studio's collection, updates, and deletion together with their photo files.
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../errors.ts';
import { isIdOf } from '../../lib/ids.ts';
import { nameProblem } from '../../auth/identifiers.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { GalleryFields, GalleryRecord } from '../../store/types.ts';
import { getCollection } from '../collections/service.ts';
import { removePhotoFiles } from '../photos/files.ts';

export interface GalleryInput {
  name?: string;
  description?: string;
  private?: boolean;
  position?: number;
}

export function requireGalleryId(id: string): string {
  if (!isIdOf('ga', id)) throw new AppError('invalid_id_format', 'Gallery id must look like ga_ followed by 22 letters or digits');
  return id;
}

function fieldsOf(input: GalleryInput): Partial<GalleryFields> {
  const fields: Partial<GalleryFields> = {};
  if (input.name !== undefined) {
    const name = input.name.trim();
    const problem = name === '' ? 'Name is required' : nameProblem(name, 'Name');
    if (problem) throw new AppError('validation_failed', undefined, { details: { name: problem } });
    fields.name = name;
  }
  if (input.description !== undefined) fields.description = input.description.trim();
  if (input.private !== undefined) fields.private = input.private;
  if (input.position !== undefined) fields.position = input.position;
  return fields;
}

export async function createGallery(deps: Pick<AppDeps, 'store' | 'clock'>, studioId: string, collectionId: string, input: GalleryInput & { name: string }): Promise<GalleryRecord> {
  const collection = await getCollection(deps, studioId, collectionId);
  const fields = fieldsOf(input);
  return deps.store.galleries.createGallery(studioId, collection.id, {
    name: fields.name ?? input.name, description: fields.description ?? '', private: fields.private ?? false, position: fields.position ?? null,
  }, deps.clock.now());
}

/** The studio's gallery; another studio's looks exactly like a missing one. */
export async function getGallery(deps: Pick<AppDeps, 'store'>, studioId: string, id: string): Promise<GalleryRecord> {
  const gallery = await deps.store.galleries.findGallery(studioId, requireGalleryId(id));
  if (!gallery) throw new AppError('not_found', 'Gallery not found');
  return gallery;
}

/**
 * PUT: a field left out returns to what a new gallery gets (no description, not private). The position is where the
 * gallery sits among its siblings, which the server keeps: it stays unless given.
 */
export function replaceGallery(deps: Pick<AppDeps, 'store' | 'clock'>, studioId: string, id: string, input: GalleryInput & { name: string }): Promise<GalleryRecord> {
  return updateGallery(deps, studioId, id, { description: '', private: false, ...input });
}

export async function updateGallery(deps: Pick<AppDeps, 'store' | 'clock'>, studioId: string, id: string, input: GalleryInput): Promise<GalleryRecord> {
  requireGalleryId(id);
  const updated = await deps.store.galleries.updateGallery(studioId, id, fieldsOf(input), deps.clock.now());
  if (!updated) throw new AppError('not_found', 'Gallery not found');
  return updated;
}

export async function deleteGallery(deps: Pick<AppDeps, 'store' | 'storage'>, studioId: string, id: string, log: FastifyBaseLogger): Promise<void> {
  const gallery = await getGallery(deps, studioId, id);
  // The rows go and their files are noted for removal in one transaction: a crash before the files are removed leaves
  // them to the housekeeping.
  const photos = await deps.store.transaction(async (tx) => {
    const listed = await tx.photos.listPhotoRenders({ galleryId: gallery.id });
    for (const photo of listed) await tx.photos.deletePhoto(studioId, photo.id); // also clears a cover photo among them
    if (!(await tx.galleries.deleteGallery(studioId, id))) throw new AppError('not_found', 'Gallery not found');
    await tx.photos.noteDeletedPhotos(studioId, listed);
    return listed;
  });
  await removePhotoFiles(deps, studioId, photos, log);
}

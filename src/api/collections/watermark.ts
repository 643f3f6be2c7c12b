// A collection's watermark (issue #18): checking a change to its settings, the uploaded logo (validated and re-encoded
// by sharp, stored through PhotoStorage), and what the collection's responses show. A change raises the watermark's
// revision and wakes the render worker, which re-renders the web-size copies in the background.
import { open, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { AppError } from '../../errors.ts';
import { generateTag } from '../../lib/ids.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { StagedFile } from '../../storage/types.ts';
import type { CollectionRecord, WatermarkLogo, WatermarkRecord, WatermarkSettings } from '../../store/types.ts';
import { readHead, receiveFile, type UploadStream } from '../photos/ingest.ts';
import { sniffImage } from '../photos/sniff.ts';
import { checkTextDrawable } from '../photos/watermark-overlay.ts';
import { watermarkLogoKey, type ErrorLog } from '../photos/files.ts';
import { WATERMARK_DEFAULTS, WATERMARK_LIMITS, type CollectionMark, type WatermarkInput } from './watermark-schemas.ts';

export type WatermarkDeps = Pick<AppDeps, 'store' | 'storage' | 'clock'> & Partial<Pick<AppDeps, 'rendersQueued' | 'imageQueue'>>;

const LOGO_KINDS = new Set(['png', 'jpeg', 'webp']);


/** Letters as typed, NFC, without control or bidi-override characters; empty is none. */
function cleanText(raw: string | null): string | null {
  if (raw === null) return null;
  const text = raw.normalize('NFC').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/gu, '').trim();
  return text === '' ? null : [...text].slice(0, WATERMARK_LIMITS.text).join('');
}

function sameSettings(a: WatermarkSettings, b: WatermarkSettings): boolean {
  return a.mode === b.mode && a.text === b.text && a.position === b.position && a.opacity === b.opacity && a.scale === b.scale && a.logo?.key === b.logo?.key;
}

/** Whether two settings draw the same: both off, or the same art at the same place, opacity and size. */
function looksSame(a: WatermarkSettings, b: WatermarkSettings): boolean {
  if (a.mode === 'off' || b.mode === 'off') return a.mode === b.mode;
  if (a.mode !== b.mode || a.position !== b.position || a.opacity !== b.opacity || a.scale !== b.scale) return false;
  return a.mode === 'text' ? a.text === b.text : a.logo?.key === b.logo?.key;
}

/** A change to store: the settings, and whether the copies must be rendered again (what is drawn changed). */
export interface WatermarkChange {
  settings: WatermarkSettings;
  rerender: boolean;
}

const startingPoint = (current: WatermarkRecord | null): WatermarkSettings => current ?? { ...WATERMARK_DEFAULTS, logo: null };

/**
 * The settings a change asks for, merged over the current ones and checked (422 with per-field details), or null when
 * it changes nothing. Only a change to what is drawn re-renders (resending the same settings, or editing the text of
 * a watermark that stays off, does not). Text must be drawable here: a server without fonts refuses it rather than
 * serving copies that silently lack it.
 */
export async function resolveWatermarkChange(deps: Pick<AppDeps, 'store'> & Partial<Pick<AppDeps, 'imageQueue'>>, collectionId: string | null, input: WatermarkInput | undefined): Promise<WatermarkChange | null> {
  if (input === undefined) return null;
  const current = collectionId === null ? null : await deps.store.watermarks.findWatermark(collectionId);
  const base = startingPoint(current);
  const next: WatermarkSettings = {
    mode: input.mode ?? base.mode,
    text: input.text === undefined ? base.text : cleanText(input.text),
    position: input.position ?? base.position,
    opacity: input.opacity ?? base.opacity,
    scale: input.scale ?? base.scale,
    logo: base.logo,
  };
  const details: Record<string, string> = {};
  const inRange = (n: number, lo: number, hi: number): boolean => Number.isFinite(n) && n >= lo && n <= hi;
  if (!inRange(next.opacity, WATERMARK_LIMITS.opacityMin, WATERMARK_LIMITS.opacityMax)) details['watermark.opacity'] = 'must be from 0.05 to 1';
  if (!inRange(next.scale, WATERMARK_LIMITS.scaleMin, WATERMARK_LIMITS.scaleMax)) details['watermark.scale'] = 'must be from 0.05 to 1';
  if (next.mode === 'text' && next.text === null) details['watermark.text'] = 'is required when mode is text';
  if (next.mode === 'logo' && next.logo === null) details['watermark.logo'] = 'upload a logo first (PUT /api/v1/collections/{id}/watermark/logo)';
  if (Object.keys(details).length > 0) throw new AppError('validation_failed', undefined, { details });
  if (next.mode === 'text' && next.text !== null && (next.text !== base.text || base.mode !== 'text')) {
    const text = next.text;
    try {
      // Drawn once to see that it can be, in the image queue like every other sharp job.
      await (deps.imageQueue ? deps.imageQueue.run(() => checkTextDrawable(text)) : checkTextDrawable(text));
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('validation_failed', 'This server cannot draw the watermark text', { details: { 'watermark.text': 'it draws nothing with the fonts on this server; install one (for example fonts-dejavu-core), or use a logo' }, cause: err });
    }
  }
  if (sameSettings(next, base)) return null;
  return { settings: next, rerender: !looksSame(next, base) };
}

/** What a collection's responses show of its watermark. */
export async function markOf(deps: Pick<AppDeps, 'store'>, collectionId: string): Promise<CollectionMark> {
  const [watermark, progress] = await Promise.all([deps.store.watermarks.findWatermark(collectionId), deps.store.watermarks.renderProgress([collectionId])]);
  return { watermark, progress: progress.get(collectionId) };
}

/** The same for a page of collections, in two queries. */
export async function marksOf(deps: Pick<AppDeps, 'store'>, collections: readonly CollectionRecord[]): Promise<(c: CollectionRecord) => CollectionMark> {
  const ids = collections.map((c) => c.id);
  const [watermarks, progress] = await Promise.all([deps.store.watermarks.listWatermarks(ids), deps.store.watermarks.renderProgress(ids)]);
  return (c) => ({ watermark: watermarks.get(c.id) ?? null, progress: progress.get(c.id) });
}


const notALogo = (message: string, cause?: unknown): AppError => new AppError('invalid_watermark_logo', message, cause === undefined ? {} : { cause });

/**
 * The uploaded logo, checked and re-encoded: its bytes must be a PNG, JPEG or WebP (by content, never by name or
 * declared type) that sharp decodes whole within the pixel limit. Stored as a PNG of at most 2048 px, without
 * metadata, so what is drawn later is always an image this server made.
 */
async function normalizeLogo(deps: WatermarkDeps, path: string): Promise<{ png: Buffer; width: number; height: number }> {
  const kind = sniffImage(await readHead(path));
  if (kind === null || !LOGO_KINDS.has(kind)) throw notALogo('The logo must be a PNG, JPEG or WebP image');
  const decode = async (): Promise<{ png: Buffer; width: number; height: number }> => {
    const meta = await sharp(path, { limitInputPixels: false }).metadata().catch((err: unknown) => { throw notALogo('The logo file is damaged or not an image', err); });
    if (meta.format !== kind || !meta.width || !meta.height) throw notALogo('The logo file does not match its image format');
    if (meta.width * meta.height > WATERMARK_LIMITS.logoPixels) {
      throw new AppError('image_too_large', `The logo may have at most ${WATERMARK_LIMITS.logoPixels} pixels`, { details: { max_pixels: WATERMARK_LIMITS.logoPixels } });
    }
    const { data, info } = await sharp(path, { limitInputPixels: WATERMARK_LIMITS.logoPixels, failOn: 'warning' })
      .rotate()
      .resize(WATERMARK_LIMITS.logoEdge, WATERMARK_LIMITS.logoEdge, { fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .png()
      .toBuffer({ resolveWithObject: true })
      .catch((err: unknown) => { throw notALogo('The logo file is damaged or not an image', err); });
    return { png: data, width: info.width, height: info.height };
  };
  return deps.imageQueue ? deps.imageQueue.run(decode) : decode();
}

/**
 * Stores an uploaded logo as the collection's watermark (mode logo; position, opacity and size kept): the new file
 * is in place before the row names it, and the old one goes after, so the watermark never points at nothing.
 */
export async function putWatermarkLogo(deps: WatermarkDeps, collection: CollectionRecord, stream: UploadStream, log: ErrorLog): Promise<void> {
  const staged: StagedFile[] = [];
  const track = (f: StagedFile): void => { staged.push(f); };
  let committed: string | null = null;
  try {
    const received = await receiveFile(deps.storage, stream, { maxBytes: WATERMARK_LIMITS.logoBytes, maxPixels: WATERMARK_LIMITS.logoPixels }, track)
      .catch((err: unknown) => { throw err instanceof AppError && err.code === 'invalid_image' ? notALogo('The logo file is empty') : err; });
    const logo = await normalizeLogo(deps, received.original.path);
    const key = watermarkLogoKey(collection.studioId, collection.id, generateTag(12));
    const file = await deps.storage.stage(key);
    track(file);
    await writeFile(file.path, logo.png);
    await deps.storage.commit(file, key);
    committed = key;
    const stored: WatermarkLogo = { key, size: logo.png.length, width: logo.width, height: logo.height };
    const current = await deps.store.watermarks.findWatermark(collection.id);
    await deps.store.watermarks.putWatermark(collection.id, { ...startingPoint(current), mode: 'logo', logo: stored }, deps.clock.now());
    committed = null;
    if (current?.logo) await deps.storage.remove(current.logo.key).catch((err: unknown) => log.error({ err, key: current.logo?.key }, 'could not remove a replaced watermark logo'));
    deps.rendersQueued?.notify();
  } finally {
    if (committed !== null) await deps.storage.remove(committed).catch(() => undefined);
    for (const f of staged) await f.discard().catch((e: unknown) => log.error({ err: e }, 'could not remove a staged logo'));
  }
}

/** Removes the logo; a collection watermarked with it is then not watermarked (its copies re-render without). */
export async function deleteWatermarkLogo(deps: WatermarkDeps, collection: CollectionRecord, log: ErrorLog): Promise<void> {
  const current = await deps.store.watermarks.findWatermark(collection.id);
  if (current?.logo == null) throw new AppError('not_found', 'This collection has no watermark logo');
  await deps.store.watermarks.putWatermark(collection.id, { ...current, mode: current.mode === 'logo' ? 'off' : current.mode, logo: null }, deps.clock.now(), { keepRevision: current.mode !== 'logo' });
  await deps.storage.remove(current.logo.key).catch((err: unknown) => log.error({ err, key: current.logo?.key }, 'could not remove a watermark logo'));
  if (current.mode === 'logo') deps.rendersQueued?.notify();
}

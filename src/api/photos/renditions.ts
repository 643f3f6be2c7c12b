// Rendering photos again in the background: for a collection whose watermark changed, and once for photos made before
// the medium size and WebP copies existed (migration 0020). Each photo's new set is written under a new render id and
// committed beside the old one, then the row switches to it (compare-and-set), then the old files go: visitors are
// served the old copies until the new ones are in place, and a stored file's bytes never change.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { generateTag } from '../../lib/ids.ts';
import type { ImageWork } from '../../http/deps.ts';
import type { PhotoStorage, StagedFile } from '../../storage/types.ts';
import type { KeysetCursor, PhotoRecord, PhotoRendition, PhotoStore, WatermarkStore } from '../../store/types.ts';
import { makeDerivatives } from './derivatives.ts';
import { photoKey, photoKeys, type ErrorLog } from './files.ts';
import { stageDerivatives, type StagedDerivative } from './ingest.ts';
import { collectionWatermark, type AppliedWatermark } from './collection-watermark.ts';

export interface RenderDeps {
  store: { photos: PhotoStore; watermarks: WatermarkStore };
  storage: PhotoStorage;
  queue: ImageWork;
  log: ErrorLog & { info?(obj: Record<string, unknown>, msg: string): void };
  /** photos.maxPixels; a photo accepted under a higher limit is still rendered. */
  maxPixels: number;
}

export type RenderOutcome = 'rendered' | 'superseded';

/** The sizes a set of staged derivatives records on the row. */
function renditionOf(renderId: string, watermarkRev: number, files: readonly StagedDerivative[]): PhotoRendition {
  const size = (variant: string, format: string): number => files.find((f) => f.variant === variant && f.format === format)?.size ?? 0;
  return {
    renderId, watermarkRev, thumbnailSize: size('thumbnail', 'jpeg'), webSize: size('web', 'jpeg'), mediumSize: size('medium', 'jpeg'),
    thumbnailWebpSize: size('thumbnail', 'webp'), mediumWebpSize: size('medium', 'webp'), webWebpSize: size('web', 'webp'),
  };
}

/**
 * Renders every derivative of one photo again from its original (copied to a staged file first, so memory stays
 * bounded whatever the storage driver), with `watermark`. 'superseded' when the photo was deleted or rendered by
 * someone else meanwhile: the new files are removed and the row keeps the other set.
 */
export async function renderPhoto(deps: RenderDeps, photo: PhotoRecord, watermark: AppliedWatermark): Promise<RenderOutcome> {
  const renderId = generateTag(12);
  const staged: StagedFile[] = [];
  const track = (f: StagedFile): void => { staged.push(f); };
  const committed: string[] = [];
  try {
    const original = await deps.storage.stage();
    track(original);
    await pipeline(deps.storage.read(photoKey(photo.studioId, photo.id, 'original')), createWriteStream(original.path));
    const maxPixels = Math.max(deps.maxPixels, photo.width * photo.height);
    const set = await deps.queue.run(() => makeDerivatives(original.path, { maxPixels, watermark: watermark.spec }), { priority: 'background' });
    const keyOf = (variant: Parameters<typeof photoKey>[2], format: 'jpeg' | 'webp'): string => photoKey(photo.studioId, photo.id, variant, { format, renderId });
    const files = await stageDerivatives(deps.storage, set, keyOf, track);
    for (const f of files) {
      const key = keyOf(f.variant, f.format);
      await deps.storage.commit(f.file, key);
      committed.push(key);
    }
    if (!(await deps.store.photos.replaceRendition(photo.id, photo.renderId, renditionOf(renderId, watermark.rev, files)))) {
      for (const key of committed) await deps.storage.remove(key);
      return 'superseded';
    }
    committed.length = 0;
    if (photo.dominantColor === null) await deps.store.photos.setDominantColor(photo.id, set.dominantColor);
    for (const key of photoKeys(photo.studioId, photo.id, photo.renderId, { original: false })) {
      await deps.storage.remove(key).catch((err: unknown) => deps.log.error({ err, photoId: photo.id, key }, 'could not remove a replaced photo file'));
    }
    return 'rendered';
  } catch (err) {
    // Files of a set the row never named are nobody's: removed, so a failure leaves only the old set.
    for (const key of committed) await deps.storage.remove(key).catch(() => undefined);
    throw err;
  } finally {
    for (const f of staged) await f.discard().catch((e: unknown) => deps.log.error({ err: e }, 'could not remove a staged render file'));
  }
}

export interface RenderPassOptions {
  batch?: number;
  /** Stops between photos once aborted (the server is closing). */
  signal?: AbortSignal;
  /** Asked between photos: true ends this pass early so the caller can start over (a watermark changed meanwhile). */
  restart?: () => boolean;
}

export interface RenderPassResult {
  rendered: number;
  failed: number;
  /** False when the pass stopped early (aborted or asked to restart). */
  complete: boolean;
}

/** Watermarks resolved per collection during one pass (a pass walks many photos of few collections). */
class WatermarkCache {
  private readonly entries = new Map<string, Promise<AppliedWatermark>>();
  constructor(private readonly deps: RenderDeps, private readonly limit = 8) {}

  get(collectionId: string): Promise<AppliedWatermark> {
    let entry = this.entries.get(collectionId);
    if (entry === undefined) {
      entry = collectionWatermark(this.deps, collectionId);
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(collectionId, entry);
    }
    return entry;
  }
}

/**
 * One pass over every photo that needs rendering: first those whose collection's watermark changed, then those made
 * before the new sizes. One photo at a time through the image queue's background line, so uploads and logins keep
 * their share. A photo that fails (its original missing or damaged) is logged and left for the next pass; the walk
 * goes on past it.
 */
export async function renderPending(deps: RenderDeps, options: RenderPassOptions = {}): Promise<RenderPassResult> {
  const batch = options.batch ?? 25;
  const marks = new WatermarkCache(deps);
  const result: RenderPassResult = { rendered: 0, failed: 0, complete: false };
  for (const reason of ['watermark', 'derivatives'] as const) {
    let after: KeysetCursor | null = null;
    for (;;) {
      const photos = await deps.store.photos.listPhotosToRender(reason, after, batch);
      if (photos.length === 0) break;
      for (const photo of photos) {
        if (options.signal?.aborted || options.restart?.()) return result;
        after = { createdAt: photo.createdAt, id: photo.id };
        try {
          if ((await renderPhoto(deps, photo, await marks.get(photo.collectionId))) === 'rendered') result.rendered++;
        } catch (err) {
          result.failed++;
          deps.log.warn?.({ err, photoId: photo.id, reason }, 'a photo could not be rendered again; it keeps its current copies');
        }
      }
    }
  }
  result.complete = true;
  return result;
}

/**
 * Runs render passes in the background, one at a time: `wake()` starts one (or, while one runs, has it start over so
 * a watermark changed meanwhile is seen), `stop()` ends it after the photo in hand. Nothing runs between wakes.
 */
export class RenderWorker {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly stopping = new AbortController();

  constructor(private readonly deps: RenderDeps) {}

  wake(): void {
    if (this.stopping.signal.aborted) return;
    this.again = true;
    this.running ??= this.loop().finally(() => { this.running = null; });
  }

  /** Resolves once no pass is running. */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  private async loop(): Promise<void> {
    while (this.again && !this.stopping.signal.aborted) {
      this.again = false;
      try {
        const pass = await renderPending(this.deps, { signal: this.stopping.signal, restart: () => this.again });
        if (pass.rendered + pass.failed > 0) this.deps.log.info?.({ rendered: pass.rendered, failed: pass.failed, complete: pass.complete }, 'photos rendered again');
      } catch (err) {
        this.deps.log.error({ err }, 'the render pass stopped; it runs again at the next change or start');
      }
    }
  }
}

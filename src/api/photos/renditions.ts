// Rendering photos again in the background: for a collection whose watermark changed, and once for photos made before
// the medium size and WebP copies existed (migration 0020). Each photo's new set is written under a new render id and
// committed beside the old one, then the row switches to it (compare-and-set), and the old files go an hour later (a
// download that started before still finds them): visitors are served the old copies until the new ones are in
// place, and a stored file's bytes never change. The set a row does
// not name is noted in the store throughout (migration 0024), so files a crash leaves between those steps are found
// and removed by the housekeeping (removeUnusedRenderSets) instead of staying in storage for good.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { generateTag } from '../../lib/ids.ts';
import type { ImageWork } from '../../http/deps.ts';
import type { PhotoStorage, StagedFile } from '../../storage/types.ts';
import type { KeysetCursor, PhotoRecord, PhotoRendition, PhotoStore, RenderSetPosition, WatermarkStore } from '../../store/types.ts';
import { makeDerivatives } from './derivatives.ts';
import { photoKey, removeNotedSet, type ErrorLog } from './files.ts';
import { stageDerivatives, type StagedDerivative } from './ingest.ts';
import { collectionWatermark, type AppliedWatermark } from './collection-watermark.ts';

export interface RenderDeps {
  store: { photos: PhotoStore; watermarks: WatermarkStore };
  storage: PhotoStorage;
  queue: ImageWork;
  log: ErrorLog & { info?(obj: Record<string, unknown>, msg: string): void };
  /** photos.maxPixels; a photo accepted under a higher limit is still rendered. */
  maxPixels: number;
  clock: { now(): number };
}

/**
 * How long a pass holds a photo it is about to render. Long enough for a render that waits behind uploads in the
 * image queue's background line; if it lapses anyway, two renders of one photo can run and the compare-and-set keeps one.
 */
export const RENDER_CLAIM_MS = 10 * 60_000;

/**
 * How long a replaced set's files stay after the row switched to the new set: a web-size ZIP being streamed chose its
 * files (the old set's keys) when it started, and opens each one only when it gets there.
 */
export const REPLACED_SET_GRACE_MS = 60 * 60_000;

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
export async function renderPhoto(deps: RenderDeps, photo: PhotoRecord, watermark: AppliedWatermark, claimedUntil: number): Promise<RenderOutcome> {
  const renderId = generateTag(12);
  const staged: StagedFile[] = [];
  const track = (f: StagedFile): void => { staged.push(f); };
  const committed: string[] = [];
  // Before any file of the new set exists: if this process dies, the housekeeping removes the set after the claim.
  await deps.store.photos.noteRenderSet({ photoId: photo.id, studioId: photo.studioId, renderId }, claimedUntil);
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
    const replacedDueAt = deps.clock.now() + REPLACED_SET_GRACE_MS;
    if (!(await deps.store.photos.replaceRendition(photo.id, photo.renderId, renditionOf(renderId, watermark.rev, files), replacedDueAt))) {
      // The new set is noted unused now (or was retired by a sweep): its files go, then the note.
      await removeNotedSet(deps, { photoId: photo.id, studioId: photo.studioId, renderId });
      return 'superseded';
    }
    committed.length = 0;
    if (photo.dominantColor === null) await deps.store.photos.setDominantColor(photo.id, set.dominantColor);
    // The old set was noted unused in the transaction that switched the row, due after the grace: the housekeeping
    // removes it then, so an archive that chose its files before the switch still finds them.
    return 'rendered';
  } catch (err) {
    // Files of a set the row never named are nobody's: removed, so a failure leaves only the old set. When that fails
    // too, the note stays and the housekeeping removes them once the claim has ended.
    // Only while the note says the set is ours and unnamed: once the row names it (a failure after the switch) the
    // note is gone, retiring finds nothing, and the files stay.
    await (async () => {
      if (await deps.store.photos.retireRenderSet(photo.id, renderId)) await removeNotedSet(deps, { photoId: photo.id, studioId: photo.studioId, renderId });
    })().catch((e: unknown) => deps.log.error({ err: e, photoId: photo.id }, 'could not remove the files of a failed render; the housekeeping tries again'));
    throw err;
  } finally {
    for (const f of staged) await f.discard().catch((e: unknown) => deps.log.error({ err: e }, 'could not remove a staged render file'));
  }
}


export interface RenderSweepResult {
  /** Sets whose files were removed. */
  removed: number;
  /** Sets that could not be removed now (a storage error): their notes stay for the next sweep. */
  failed: number;
}

/**
 * The housekeeping's part: removes the files of sets no photo row names once they are due: sets a render replaced
 * (after their grace), sets a render left behind when its process died after writing them, or a deletion of a
 * gallery or collection did (the process died before removing the files), or a storage removal failed. A set still
 * being written is left to its render until the render's claim has ended. A set a photo row names is never removed,
 * whatever its note says.
 */
export async function removeUnusedRenderSets(deps: Pick<RenderDeps, 'store' | 'storage' | 'clock'> & { log: ErrorLog }, batch = 100): Promise<RenderSweepResult> {
  const result: RenderSweepResult = { removed: 0, failed: 0 };
  const now = deps.clock.now();
  // A walk in (due time, photo, set) order: a set this sweep could not remove stays in the table, behind the walk, for
  // the next sweep.
  let after: RenderSetPosition | undefined;
  for (;;) {
    const due = await deps.store.photos.listRenderSetsDue(now, batch, after);
    const last = due.at(-1);
    if (last === undefined) return result;
    after = { dueAt: last.dueAt, photoId: last.photoId, renderId: last.renderId };
    for (const set of due) {
      // A render that outlived its claim: retired first, so its compare-and-set now fails instead of naming files being
      // removed. Refused when that render named its set just now (the note is gone) or gave it up (then it is unused).
      if (set.state === 'writing' && !(await deps.store.photos.retireRenderSet(set.photoId, set.renderId, now))) continue;
      const photo = await deps.store.photos.findPhoto(set.studioId, set.photoId);
      if (photo !== null && photo.renderId === set.renderId) {
        await deps.store.photos.forgetRenderSet(set.photoId, set.renderId);
        continue;
      }
      try {
        // An original goes only with a photo that is gone (a note of a deleted photo); a living photo keeps it.
        await removeNotedSet(deps, { ...set, original: set.original && photo === null });
        result.removed++;
      } catch (err) {
        result.failed++;
        deps.log.error({ err, photoId: set.photoId, renderId: set.renderId }, 'could not remove an unused photo set; the next housekeeping tries again');
      }
    }
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
  /** Photos another pass (another instance, as a rule) held: theirs to render. */
  skipped: number;
  /** Renders thrown away because the photo was deleted or rendered elsewhere meanwhile (a lapsed claim). */
  superseded: number;
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
 * goes on past it. Each photo is claimed first (RENDER_CLAIM_MS): instances sharing a database split the work instead
 * of each rendering everything, and a photo another pass holds is skipped.
 */
export async function renderPending(deps: RenderDeps, options: RenderPassOptions = {}): Promise<RenderPassResult> {
  const batch = options.batch ?? 25;
  const marks = new WatermarkCache(deps);
  const result: RenderPassResult = { rendered: 0, failed: 0, skipped: 0, superseded: 0, complete: false };
  for (const reason of ['watermark', 'derivatives'] as const) {
    let after: KeysetCursor | null = null;
    for (;;) {
      const photos = await deps.store.photos.listPhotosToRender(reason, after, batch);
      if (photos.length === 0) break;
      for (const photo of photos) {
        if (options.signal?.aborted || options.restart?.()) return result;
        after = { createdAt: photo.createdAt, id: photo.id };
        const now = deps.clock.now();
        const until = now + RENDER_CLAIM_MS;
        if (!(await deps.store.photos.claimRender(photo.id, photo.renderId, now, until))) {
          result.skipped++;
          continue;
        }
        try {
          if ((await renderPhoto(deps, photo, await marks.get(photo.collectionId), until)) === 'rendered') result.rendered++;
          else result.superseded++;
        } catch (err) {
          result.failed++;
          await deps.store.photos.releaseRender(photo.id, until).catch((e: unknown) => deps.log.error({ err: e, photoId: photo.id }, 'could not give up a render claim; it lapses by itself'));
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
        if (pass.rendered + pass.failed + pass.superseded > 0) this.deps.log.info?.({ rendered: pass.rendered, failed: pass.failed, skipped: pass.skipped, superseded: pass.superseded, complete: pass.complete }, 'photos rendered again');
      } catch (err) {
        this.deps.log.error({ err }, 'the render pass stopped; it runs again at the next change or start');
      }
    }
  }
}

// Store interface of collection watermarks (issue #18): what is burned into a collection's web-size copies.
import type { WatermarkMode, WatermarkPosition } from './schema.ts';

/** An uploaded logo as stored: a PNG the server re-encoded, in PhotoStorage under `key`. */
export interface WatermarkLogo {
  key: string;
  size: number;
  width: number;
  height: number;
}

/** The settings a studio edits; `logo` is replaced only by an upload or a removal. */
export interface WatermarkSettings {
  mode: WatermarkMode;
  text: string | null;
  position: WatermarkPosition;
  /** 0.05 to 1. */
  opacity: number;
  /** The watermark's width as a fraction of the photo's width, 0.05 to 1. */
  scale: number;
  logo: WatermarkLogo | null;
}

export interface WatermarkRecord extends WatermarkSettings {
  collectionId: string;
  /** Raised by every change; photos whose copies show another revision are rendered again. */
  rev: number;
  updatedAt: number;
}

/** How far the copies of a collection's photos are from its watermark: `done` of `total` show its revision. */
export interface RenderProgress {
  done: number;
  total: number;
}

export interface WatermarkStore {
  /** Null for a collection that never had one (the same as mode `off` at revision 0). */
  findWatermark(collectionId: string): Promise<WatermarkRecord | null>;
  /**
   * Replaces the settings and raises the revision by one (the first one is 1), in one statement. `keepRevision`: the
   * change alters nothing that is drawn (it stays off, say), so the copies stay current (a first row gets revision 0).
   */
  putWatermark(collectionId: string, settings: WatermarkSettings, now: number, options?: { keepRevision?: boolean }): Promise<WatermarkRecord>;
  /** The watermarks of several collections (a page of the list), by collection id; absent ones have none. */
  listWatermarks(collectionIds: readonly string[]): Promise<Map<string, WatermarkRecord>>;
  /** Per collection: photos whose copies show its current revision, and all its photos. Collections without photos are absent. */
  renderProgress(collectionIds: readonly string[]): Promise<Map<string, RenderProgress>>;
}

// A collection's watermark as new copies get it: its settings resolved for drawing (the logo's bytes read from
// PhotoStorage) with the revision the copies will record.
import type { PhotoStorage } from '../../storage/types.ts';
import type { WatermarkRecord, WatermarkStore } from '../../store/types.ts';
import type { WatermarkSpec } from './watermark-overlay.ts';

export interface AppliedWatermark {
  /** The collection's watermark revision (0 when it never had one); photos record it. */
  rev: number;
  /** What to draw; null when the watermark is off. */
  spec: WatermarkSpec | null;
}

export const NO_WATERMARK: AppliedWatermark = { rev: 0, spec: null };

export async function readStored(storage: PhotoStorage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of storage.read(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The record's settings as drawing needs them; a logo that cannot be read fails, so no copy silently lacks it. */
export async function applyWatermark(storage: PhotoStorage, record: WatermarkRecord | null): Promise<AppliedWatermark> {
  if (record === null) return NO_WATERMARK;
  const base = { position: record.position, opacity: record.opacity, scale: record.scale };
  if (record.mode === 'text' && record.text !== null && record.text !== '') return { rev: record.rev, spec: { ...base, art: { kind: 'text', text: record.text } } };
  if (record.mode === 'logo' && record.logo !== null) return { rev: record.rev, spec: { ...base, art: { kind: 'logo', png: await readStored(storage, record.logo.key) } } };
  return { rev: record.rev, spec: null };
}

export async function collectionWatermark(deps: { store: { watermarks: WatermarkStore }; storage: PhotoStorage }, collectionId: string): Promise<AppliedWatermark> {
  return applyWatermark(deps.storage, await deps.store.watermarks.findWatermark(collectionId));
}

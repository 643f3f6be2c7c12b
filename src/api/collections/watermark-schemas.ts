// Wire format of a collection's watermark (issue #18): the settings a studio edits, what the collection shows of them,
// and how far the re-render of its web-size copies has got.
import Type, { type Static } from 'typebox';
import { WATERMARK_MODES, WATERMARK_POSITIONS } from '../../store/schema.ts';
import type { RenderProgress, WatermarkRecord } from '../../store/types.ts';

export const WATERMARK_LIMITS = {
  text: 100, opacityMin: 0.05, opacityMax: 1, scaleMin: 0.05, scaleMax: 1,
  /** An uploaded logo: bytes, and pixels of the file as uploaded (it is stored at most 2048 px wide or high). */
  logoBytes: 2 * 1024 * 1024, logoPixels: 4096 * 4096, logoEdge: 2048,
} as const;

/** What a collection without a watermark row shows, and what a first change starts from. */
export const WATERMARK_DEFAULTS = { mode: 'off', text: null, position: 'bottom-right', opacity: 0.5, scale: 0.25 } as const;

const Opacity = Type.Number({ minimum: WATERMARK_LIMITS.opacityMin, maximum: WATERMARK_LIMITS.opacityMax, description: 'How opaque the watermark is, 0.05 to 1' });
const Scale = Type.Number({ minimum: WATERMARK_LIMITS.scaleMin, maximum: WATERMARK_LIMITS.scaleMax, description: "The watermark's width as a fraction of the photo's width, 0.05 to 1 (of each tile when tiled)" });
const Position = Type.Enum([...WATERMARK_POSITIONS], { description: 'One of the nine anchors, or tiled across the whole photo' });
const Mode = Type.Enum([...WATERMARK_MODES], { description: 'off, text, or logo (upload it with PUT /api/v1/collections/{id}/watermark/logo)' });

/**
 * The `watermark` field of a collection's create and update bodies: the fields given replace the current ones, the
 * others are kept. A change re-renders the collection's web-size copies in the background.
 */
export const WatermarkInput = Type.Object({
  mode: Type.Optional(Mode),
  text: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: WATERMARK_LIMITS.text }), Type.Null()])),
  position: Type.Optional(Position),
  opacity: Type.Optional(Opacity),
  scale: Type.Optional(Scale),
}, { additionalProperties: false, description: "Burned into the medium and web-size copies (JPEG and WebP) when they are made; never into originals or thumbnails" });
export type WatermarkInput = Static<typeof WatermarkInput>;

export const WatermarkSchema = Type.Object({
  mode: Mode,
  text: Type.Union([Type.String(), Type.Null()]),
  position: Position,
  opacity: Type.Number(),
  scale: Type.Number(),
  logo: Type.Union([Type.Object({
    url: Type.String(), width: Type.Integer(), height: Type.Integer(), size: Type.Integer({ description: 'Bytes of the stored PNG' }),
  }), Type.Null()]),
  updated_at: Type.Union([Type.String(), Type.Null()]),
});

export const WatermarkRenderSchema = Type.Object({
  done: Type.Integer({ description: "Photos whose web-size copies show the current watermark (the old copies are served until each new one is ready)" }),
  total: Type.Integer({ description: 'Photos in the collection' }),
});

/** The two fields a collection's responses carry (one block in CollectionSchema). */
export const CollectionWatermarkFields = {
  watermark: WatermarkSchema,
  watermark_render: WatermarkRenderSchema,
};

/** What the encoder needs besides the collection row. */
export interface CollectionMark {
  watermark: WatermarkRecord | null;
  /** Absent for a collection without photos. */
  progress: RenderProgress | undefined;
}

export function toPublicWatermark(collectionId: string, w: WatermarkRecord | null): Static<typeof WatermarkSchema> {
  if (w === null) return { ...WATERMARK_DEFAULTS, logo: null, updated_at: null };
  return {
    mode: w.mode, text: w.text, position: w.position, opacity: w.opacity, scale: w.scale,
    logo: w.logo === null ? null : { url: `/api/v1/collections/${collectionId}/watermark/logo`, width: w.logo.width, height: w.logo.height, size: w.logo.size },
    updated_at: new Date(w.updatedAt).toISOString(),
  };
}

export function collectionWatermarkFields(collectionId: string, mark: CollectionMark): { watermark: Static<typeof WatermarkSchema>; watermark_render: Static<typeof WatermarkRenderSchema> } {
  return { watermark: toPublicWatermark(collectionId, mark.watermark), watermark_render: mark.progress ?? { done: 0, total: 0 } };
}

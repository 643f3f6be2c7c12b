// A collection's watermark drawn for one image size: the text (an SVG librsvg renders) or the logo, scaled to a share
// of the image's width, faded to its opacity, and placed at one of nine anchors or tiled across the image. Drawn per
// image (a few tens of milliseconds), so nothing is cached between photos.
import sharp from 'sharp';
import type { WatermarkPosition } from '../../store/schema.ts';

export type WatermarkArt =
  | { kind: 'text'; text: string }
  | { kind: 'logo'; png: Buffer };

/** What is burned into a collection's web-size copies, resolved for drawing (the logo's bytes read from storage). */
export interface WatermarkSpec {
  art: WatermarkArt;
  position: WatermarkPosition;
  opacity: number;
  /** The watermark's width as a fraction of the image's width. */
  scale: number;
}

/** The drawn text's font size before it is scaled to its width: large enough that scaling it stays sharp. */
const TEXT_PX = 120;
const FONTS = "'DejaVu Sans', 'Liberation Sans', 'Noto Sans', Arial, Helvetica, sans-serif";

/** RGBA pixels. */
interface Raster { data: Buffer; width: number; height: number }

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The box around every pixel that is not fully transparent, or null when there is none. */
function inkBox(r: Raster): { left: number; top: number; width: number; height: number } | null {
  let minX = r.width, minY = r.height, maxX = -1, maxY = -1;
  for (let y = 0; y < r.height; y++) {
    const row = y * r.width * 4;
    for (let x = 0; x < r.width; x++) {
      if (r.data[row + x * 4 + 3] === 0) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return maxX < 0 ? null : { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/**
 * White letters with a thin dark outline, so the text reads on light and dark photos alike, cut to their ink. A
 * server without any font draws nothing: that is an error, never a copy that silently lacks its watermark.
 */
async function drawText(text: string): Promise<Raster> {
  const chars = [...text].length;
  const width = Math.ceil(TEXT_PX * (chars * 0.9 + 2));
  const height = Math.ceil(TEXT_PX * 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><text x="${TEXT_PX}" y="${Math.round(TEXT_PX * 1.35)}" font-family="${FONTS}" font-weight="bold" font-size="${TEXT_PX}" fill="#ffffff" stroke="#000000" stroke-opacity="0.45" stroke-width="${(TEXT_PX * 0.05).toFixed(1)}" paint-order="stroke">${escapeXml(text)}</text></svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const drawn = { data, width: info.width, height: info.height };
  const box = inkBox(drawn);
  if (box === null) throw new Error('no font could draw the watermark text (install a font such as fonts-dejavu-core)');
  const cut = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).extract(box).raw().toBuffer();
  return { data: cut, width: box.width, height: box.height };
}

async function decodeLogo(png: Buffer): Promise<Raster> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Checks the text can be drawn on this server (a font is installed), before a collection is set to use it. */
export async function checkTextDrawable(text: string): Promise<void> {
  await drawText(text);
}

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

/** The art at `width` (height following its ratio, kept inside `maxHeight`), faded to `opacity`. */
async function sizedArt(art: Raster, width: number, maxHeight: number, opacity: number): Promise<Raster> {
  const { data, info } = await sharp(art.data, { raw: { width: art.width, height: art.height, channels: 4 } })
    .resize(Math.max(1, width), Math.max(1, maxHeight), { fit: 'inside' })
    .linear([1, 1, 1, opacity], [0, 0, 0, 0])
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const layer = (r: Raster, at: { left: number; top: number }, tile = false): sharp.OverlayOptions => ({
  input: r.data, raw: { width: r.width, height: r.height, channels: 4 }, left: at.left, top: at.top, ...(tile ? { tile: true } : {}),
});

const ANCHORS: Record<Exclude<WatermarkPosition, 'tiled'>, [number, number]> = {
  'top-left': [0, 0], top: [0.5, 0], 'top-right': [1, 0],
  left: [0, 0.5], center: [0.5, 0.5], right: [1, 0.5],
  'bottom-left': [0, 1], bottom: [0.5, 1], 'bottom-right': [1, 1],
};

/**
 * The composite layers that draw `spec` on an image of width × height. Anchored: the watermark is `scale` of the
 * width (kept inside the image with a margin of 3% of the shorter side). Tiled: copies of that size repeat across the
 * whole image with gaps between them.
 */
export async function watermarkLayers(spec: WatermarkSpec, width: number, height: number): Promise<sharp.OverlayOptions[]> {
  const art = spec.art.kind === 'text' ? await drawText(spec.art.text) : await decodeLogo(spec.art.png);
  const margin = Math.round(Math.min(width, height) * 0.03);
  const opacity = clamp(spec.opacity, 0, 1);
  if (spec.position === 'tiled') {
    const sized = await sizedArt(art, clamp(Math.round(width * spec.scale), 8, width), height, opacity);
    const gapX = Math.max(margin, Math.round(sized.width * 0.5));
    const gapY = Math.max(margin, Math.round(sized.height * 2.5));
    const tile = await sharp({ create: { width: sized.width + gapX, height: sized.height + gapY, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([layer(sized, { left: Math.floor(gapX / 2), top: Math.floor(gapY / 2) })])
      .raw()
      .toBuffer({ resolveWithObject: true });
    return [layer({ data: tile.data, width: tile.info.width, height: tile.info.height }, { left: 0, top: 0 }, true)];
  }
  const room = { width: Math.max(1, width - 2 * margin), height: Math.max(1, height - 2 * margin) };
  const sized = await sizedArt(art, clamp(Math.round(width * spec.scale), 8, room.width), room.height, opacity);
  const [ax, ay] = ANCHORS[spec.position];
  const left = clamp(Math.round(margin + (room.width - sized.width) * ax), 0, Math.max(0, width - sized.width));
  const top = clamp(Math.round(margin + (room.height - sized.height) * ay), 0, Math.max(0, height - sized.height));
  return [layer(sized, { left, top })];
}

/** Where the anchored watermark lands on an image of width × height (the whole image when tiled), for tests of its pixels. */
export async function watermarkBox(spec: WatermarkSpec, width: number, height: number): Promise<{ left: number; top: number; width: number; height: number }> {
  const [first] = await watermarkLayers(spec, width, height);
  if (!first || first.tile === true || !first.raw) return { left: 0, top: 0, width, height };
  return { left: first.left ?? 0, top: first.top ?? 0, width: first.raw.width, height: first.raw.height };
}

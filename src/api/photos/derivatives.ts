// Every derivative of a photo from one decode of its original: thumbnail, medium and web size, each as JPEG and WebP,
// with the collection's watermark burned into the medium and web copies (never the thumbnail, never the original).
import sharp from 'sharp';
import { AppError } from '../../errors.ts';
import { dominantColorOf } from './dominant-color.ts';
import type { DerivedVariant, ImageFormat } from './files.ts';
import { watermarkLayers, type WatermarkSpec } from './watermark-overlay.ts';

/**
 * Long edge in pixels (never enlarged) and encoder quality of each size. WebP at 75 looks like mozjpeg at 82 to 84 and
 * is smaller; effort 2 (of 0 to 6) halves libwebp's time at the default's cost of a few per cent in size.
 */
export const DERIVATIVES = {
  thumbnail: { edge: 400, jpeg: 78, webp: 70 },
  medium: { edge: 1024, jpeg: 82, webp: 75 },
  web: { edge: 2048, jpeg: 84, webp: 75 },
} as const satisfies Record<DerivedVariant, { edge: number; jpeg: number; webp: number }>;

const WEBP_EFFORT = 2;

/** One encoded file of the set. */
export interface DerivedFile {
  variant: DerivedVariant;
  format: ImageFormat;
  data: Buffer;
}

export interface DerivativeSet {
  files: DerivedFile[];
  /** `#rrggbb` of the thumbnail (a few thousand pixels tell the same as millions). */
  dominantColor: string;
}

export function decodeFailure(err: unknown): AppError {
  const message = err instanceof Error ? err.message : '';
  if (/pixel limit/i.test(message)) return new AppError('image_too_large');
  return new AppError('invalid_image', 'Image is damaged, truncated or in an encoding this server cannot decode');
}

interface Pixels { data: Buffer; width: number; height: number; channels: 1 | 2 | 3 | 4 }

const pixelsOf = ({ data, info }: { data: Buffer; info: sharp.OutputInfo }): Pixels =>
  ({ data, width: info.width, height: info.height, channels: info.channels as Pixels['channels'] });
const rawOf = (p: Pixels): sharp.SharpOptions => ({ raw: { width: p.width, height: p.height, channels: p.channels } });

async function shrink(p: Pixels, edge: number): Promise<Pixels> {
  if (Math.max(p.width, p.height) <= edge) return p;
  return pixelsOf(await sharp(p.data, rawOf(p)).resize(edge, edge, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true }));
}

async function encode(p: Pixels, variant: DerivedVariant): Promise<DerivedFile[]> {
  const q = DERIVATIVES[variant];
  const jpeg = await sharp(p.data, rawOf(p)).jpeg({ quality: q.jpeg, mozjpeg: true }).toBuffer();
  const webp = await sharp(p.data, rawOf(p)).webp({ quality: q.webp, effort: WEBP_EFFORT }).toBuffer();
  return [{ variant, format: 'jpeg', data: jpeg }, { variant, format: 'webp', data: webp }];
}

/**
 * Decodes the original once, to web size: rotate() applies the EXIF orientation, transparency is flattened onto
 * white, and the output carries no metadata (sharp writes none unless asked), so EXIF and GPS stay behind. failOn
 * 'warning' refuses truncated data instead of padding it grey. The watermark goes onto the web-size pixels; the medium
 * copy is made from those (so it shows the same watermark, scaled), the thumbnail from the clean ones.
 */
export async function makeDerivatives(original: string | Buffer, options: { maxPixels: number; watermark: WatermarkSpec | null }): Promise<DerivativeSet> {
  const clean = pixelsOf(await sharp(original, { limitInputPixels: options.maxPixels, failOn: 'warning' })
    .rotate()
    .resize(DERIVATIVES.web.edge, DERIVATIVES.web.edge, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((err: unknown) => { throw decodeFailure(err); }));
  let web = clean;
  if (options.watermark !== null) {
    const layers = await watermarkLayers(options.watermark, clean.width, clean.height);
    web = pixelsOf(await sharp(clean.data, rawOf(clean)).composite(layers).removeAlpha().raw().toBuffer({ resolveWithObject: true }));
  }
  const thumbnail = await encode(await shrink(clean, DERIVATIVES.thumbnail.edge), 'thumbnail');
  const files = [...thumbnail, ...(await encode(await shrink(web, DERIVATIVES.medium.edge), 'medium')), ...(await encode(web, 'web'))];
  const thumbJpeg = thumbnail[0]?.data ?? Buffer.alloc(0);
  return { files, dominantColor: await dominantColorOf(thumbJpeg) };
}

/** The pixel size of a derivative of a photo of width × height: fitted inside edge × edge, never enlarged (as made above). */
export function derivedSize(photo: { width: number; height: number }, variant: DerivedVariant): { width: number; height: number } {
  const scale = Math.min(1, DERIVATIVES[variant].edge / Math.max(photo.width, photo.height));
  return { width: Math.max(1, Math.round(photo.width * scale)), height: Math.max(1, Math.round(photo.height * scale)) };
}

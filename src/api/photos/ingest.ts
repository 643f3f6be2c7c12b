// One uploaded file: streamed to a staged file (hashed and counted on the way), checked, and its derivatives made.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import { AppError } from '../../errors.ts';
import type { PhotoStorage, StagedFile } from '../../storage/types.ts';
import { CONTENT_TYPES, sniffImage, type ImageKind } from './sniff.ts';
import { exifTakenAt } from './exif.ts';
import type { ImageWork } from '../../http/deps.ts';
import { decodeFailure, makeDerivatives, type DerivativeSet } from './derivatives.ts';
import type { DerivedVariant, ImageFormat } from './files.ts';
import type { AppliedWatermark } from './collection-watermark.ts';

export interface IngestLimits {
  maxBytes: number;
  maxPixels: number;
}

export interface ReceivedFile {
  original: StagedFile;
  size: number;
  sha256: string;
}

export interface IngestedImage {
  contentType: string;
  width: number;
  height: number;
  takenAt: number | null;
  /** Every derivative, staged under its key: thumbnail, medium and web size, each as JPEG and WebP. */
  files: StagedDerivative[];
  /** `#rrggbb`, the client gallery's placeholder while the thumbnail loads. */
  dominantColor: string;
  /** The watermark revision burned into the medium and web copies; 0 for none. */
  watermarkRev: number;
}

/** A derivative written to a staged file. */
export interface StagedDerivative {
  variant: DerivedVariant;
  format: ImageFormat;
  file: StagedFile;
  size: number;
}

const SHARP_FORMAT: Record<ImageKind, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', heic: 'heif', avif: 'heif' };

export interface IngestOptions {
  queue: ImageWork;
  /** The storage key each derivative is meant for, recorded in its staged name (crash recovery). */
  keyOf?: (variant: DerivedVariant, format: ImageFormat) => string;
  /** What to burn into the medium and web copies (null for nothing), and the collection revision that is. */
  watermark: AppliedWatermark;
}

/** A file stream from the multipart parser: `truncated` is set when it hit the size limit. */
export type UploadStream = Readable & { truncated?: boolean };

/**
 * Streams the upload to a staged file, never holding it whole in memory. `track` receives the staged file
 * before any byte is written so the caller can discard it on every failure path.
 */
export async function receiveFile(storage: PhotoStorage, stream: UploadStream, limits: IngestLimits, track: (f: StagedFile) => void, key?: string): Promise<ReceivedFile> {
  const original = await storage.stage(key);
  track(original);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done): void {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const incomplete = (cause?: unknown): AppError => new AppError('bad_request', 'Upload ended before the file was complete', { cause });
  // The parser may already have aborted the part (the body ended early) before we got to it; a pipeline over an
  // already-destroyed stream would never settle, so that case is answered here.
  if (stream.destroyed && !stream.readableEnded) throw incomplete();
  try {
    await pipeline(stream, meter, createWriteStream(original.path));
  } catch (err) {
    // The multipart parser ends a part early when the body stops before the part's boundary (client gone or malformed).
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' || /terminated early|unexpected end/i.test((err as Error).message)) {
      throw incomplete(err);
    }
    throw err;
  }
  if (stream.truncated || size > limits.maxBytes) {
    throw new AppError('payload_too_large', `Each file may be at most ${limits.maxBytes} bytes`, { details: { max_bytes: limits.maxBytes } });
  }
  if (size === 0) throw new AppError('invalid_image', 'File is empty');
  return { original, size, sha256: hash.digest('base64url') };
}

/** The first 64 bytes of a file: enough to sniff an image's format before anything decodes it. */
export async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Writes each encoded derivative to its staged file: a decoding problem (422, raised while encoding) and a write that
 * fails for lack of space (507, with its errno intact) stay apart, which libvips writing the files itself would blur.
 */
export async function stageDerivatives(storage: PhotoStorage, set: DerivativeSet, keyOf: ((variant: DerivedVariant, format: ImageFormat) => string) | undefined, track: (f: StagedFile) => void): Promise<StagedDerivative[]> {
  const out: StagedDerivative[] = [];
  for (const f of set.files) {
    const file = await storage.stage(keyOf?.(f.variant, f.format));
    track(file);
    await writeFile(file.path, f.data);
    out.push({ variant: f.variant, format: f.format, file, size: f.data.length });
  }
  return out;
}

/** Checks the staged original is a whole, supported image within the pixel limit, and makes its derivatives. */
export async function ingestImage(storage: PhotoStorage, received: ReceivedFile, limits: IngestLimits, track: (f: StagedFile) => void, options: IngestOptions): Promise<IngestedImage> {
  const kind = sniffImage(await readHead(received.original.path));
  if (kind === null) throw new AppError('invalid_image');
  const meta = await sharp(received.original.path, { limitInputPixels: limits.maxPixels }).metadata().catch((err: unknown) => { throw decodeFailure(err); });
  if (meta.format !== SHARP_FORMAT[kind]) throw new AppError('invalid_image', 'File content does not match its image format');
  if (!meta.width || !meta.height) throw new AppError('invalid_image');
  // Checked on the header's dimensions before any full decode: a few KB can claim gigapixels (decompression bomb).
  if (meta.width * meta.height > limits.maxPixels) throw new AppError('image_too_large', undefined, { details: { max_pixels: limits.maxPixels } });
  // Only the full decode waits for the image queue; the header check above is cheap and refuses bombs at once.
  const set = await options.queue.run(() => makeDerivatives(received.original.path, { maxPixels: limits.maxPixels, watermark: options.watermark.spec }));
  const files = await stageDerivatives(storage, set, options.keyOf, track);
  const oriented = meta.autoOrient ?? { width: meta.width, height: meta.height };
  return {
    contentType: CONTENT_TYPES[kind], width: oriented.width, height: oriented.height, takenAt: exifTakenAt(meta.exif), files,
    dominantColor: set.dominantColor, watermarkRev: options.watermark.rev,
  };
}

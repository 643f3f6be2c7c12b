// A streamed multipart/form-data body: files are read from disk (or any byte stream) while the request is sent.
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A file on disk, or bytes in memory or from a stream (not replayable, so never retried). */
export type UploadSource =
  | { path: string; filename?: string; contentType?: string }
  | { filename: string; data: Uint8Array | AsyncIterable<Uint8Array>; contentType?: string };

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif',
  '.tif': 'image/tiff', '.tiff': 'image/tiff', '.heic': 'image/heic', '.avif': 'image/avif',
};

export function contentTypeOf(filename: string): string {
  return TYPES[extname(filename).toLowerCase()] ?? 'application/octet-stream';
}

export function filenameOf(source: UploadSource): string {
  return source.filename ?? basename((source as { path: string }).path);
}

/** True when every source can be read again (paths, buffers), so the request may be retried. */
export function replayable(sources: UploadSource[]): boolean {
  return sources.every((s) => 'path' in s || s.data instanceof Uint8Array);
}

/** Quotes a filename for Content-Disposition: no quote, backslash or line break can end the parameter early. */
function quoted(name: string): string {
  return `"${name.replace(/["\\\r\n]/g, '_')}"`;
}

export interface MultipartBody {
  body: AsyncIterable<Uint8Array>;
  contentType: string;
}

/** `onBytes` is called with the size of every file chunk as the server reads it: the upload's progress. */
export function multipartBody(sources: UploadSource[], onBytes: (bytes: number) => void = () => undefined): MultipartBody {
  const boundary = `----lightbox-sdk-${randomBytes(12).toString('hex')}`;
  const encoder = new TextEncoder();
  async function* generate(): AsyncGenerator<Uint8Array, void, undefined> {
    for (const source of sources) {
      const name = filenameOf(source);
      const type = source.contentType ?? contentTypeOf(name);
      yield encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename=${quoted(name)}\r\nContent-Type: ${type}\r\n\r\n`);
      const chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> = 'path' in source
        ? (createReadStream(source.path) as AsyncIterable<Uint8Array>)
        : source.data instanceof Uint8Array ? [source.data] : source.data;
      for await (const chunk of chunks) {
        onBytes(chunk.byteLength);
        yield chunk;
      }
      yield encoder.encode('\r\n');
    }
    yield encoder.encode(`--${boundary}--\r\n`);
  }
  return { body: generate(), contentType: `multipart/form-data; boundary=${boundary}` };
}

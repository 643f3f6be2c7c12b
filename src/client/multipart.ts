// A multipart/form-data body. Sources held in memory (bytes, Blobs, a browser's File) make one Blob, which any fetch
// sends and a retry can send again; a path or a stream is read while the request is sent (Node only: browsers do not
// stream request bodies over HTTP/1.1).
import type { FileAccess } from './files.ts';

/** A file on disk (Node), or bytes, a Blob or File, or a stream of bytes (not replayable, so never retried). */
export type UploadSource =
  | { path: string; filename?: string; contentType?: string }
  | { filename: string; data: Uint8Array | Blob | AsyncIterable<Uint8Array>; contentType?: string };

const TYPES: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif',
  tif: 'image/tiff', tiff: 'image/tiff', heic: 'image/heic', avif: 'image/avif',
};

export function contentTypeOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return (dot > 0 ? TYPES[filename.slice(dot + 1).toLowerCase()] : undefined) ?? 'application/octet-stream';
}

/** The last segment of a path, with either separator. */
function basename(path: string): string {
  return path.split(/[\\/]/).filter((s) => s !== '').pop() ?? path;
}

export function filenameOf(source: UploadSource): string {
  return source.filename ?? basename((source as { path: string }).path);
}

function inMemory(source: UploadSource): source is { filename: string; data: Uint8Array | Blob; contentType?: string } {
  return 'data' in source && (source.data instanceof Uint8Array || source.data instanceof Blob);
}

/** True when every source can be read again (paths, bytes, Blobs), so the request may be retried. */
export function replayable(sources: UploadSource[]): boolean {
  return sources.every((s) => 'path' in s || inMemory(s));
}

/** Quotes a filename for Content-Disposition: no quote, backslash or line break can end the parameter early. */
function quoted(name: string): string {
  return `"${name.replace(/["\\\r\n]/g, '_')}"`;
}

function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `----lightbox-sdk-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface MultipartBody {
  body: Blob | AsyncIterable<Uint8Array>;
  contentType: string;
}

async function* chunksOf(data: Blob | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (!(data instanceof Blob)) {
    yield* data;
    return;
  }
  const reader = data.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/**
 * `onBytes` is called with the size of every file chunk as it is read: the upload's progress. For a Blob body that is
 * once per file when the body is made, since fetch reports nothing while it sends a Blob.
 */
export function multipartBody(sources: UploadSource[], files: FileAccess, onBytes: (bytes: number) => void = () => undefined): MultipartBody {
  const boundary = randomBoundary();
  const contentType = `multipart/form-data; boundary=${boundary}`;
  const head = (source: UploadSource): string => {
    const name = filenameOf(source);
    return `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename=${quoted(name)}\r\nContent-Type: ${source.contentType ?? contentTypeOf(name)}\r\n\r\n`;
  };
  const tail = `--${boundary}--\r\n`;
  if (sources.every(inMemory)) {
    const parts: Array<string | Uint8Array | Blob> = [];
    for (const source of sources) {
      parts.push(head(source), source.data, '\r\n');
      onBytes(source.data instanceof Blob ? source.data.size : source.data.byteLength);
    }
    parts.push(tail);
    return { body: new Blob(parts as ConstructorParameters<typeof Blob>[0]), contentType };
  }
  const encoder = new TextEncoder();
  async function* generate(): AsyncGenerator<Uint8Array, void, undefined> {
    for (const source of sources) {
      yield encoder.encode(head(source));
      const chunks = 'path' in source ? files.read(source.path) : source.data instanceof Uint8Array ? [source.data] : chunksOf(source.data);
      for await (const chunk of chunks) {
        onBytes(chunk.byteLength);
        yield chunk;
      }
      yield encoder.encode('\r\n');
    }
    yield encoder.encode(tail);
  }
  return { body: generate(), contentType };
}

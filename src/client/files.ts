// How the SDK reaches files by path: Node's file system in the Node build, nothing in a browser (where uploads take
// bytes or Blobs and downloads return Blobs). Only the path-based helpers (upload from a path, download to a file or
// a folder) use it.
import { LightboxError } from './errors.ts';

export interface FileAccess {
  /** The bytes of the file at `path`, as they are read. */
  read(path: string): AsyncIterable<Uint8Array>;
  /** Writes `chunks` to `path` through `path.part`, renamed when complete and removed on failure; returns the bytes. */
  write(path: string, chunks: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<number>;
  /** Creates the folder and its parents. */
  makeDir(path: string): Promise<void>;
  /** The size of the regular file at `path`, or null when there is none. */
  sizeOf(path: string): Promise<number | null>;
  join(...parts: string[]): string;
}

function unsupported(): never {
  throw new LightboxError(0, 'files_unsupported', 'File paths need Node.js; in a browser, upload bytes or a Blob and download with photos.blob()');
}

/** The browser build's file access: every path-based call fails with code files_unsupported. */
export const noFileAccess: FileAccess = {
  read: unsupported,
  write: async () => unsupported(),
  makeDir: async () => unsupported(),
  sizeOf: async () => unsupported(),
  join: (...parts) => parts.join('/'),
};

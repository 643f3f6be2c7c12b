// PhotoStorage: where original images and their derivatives live, behind one interface (local directory today).
import type { Readable } from 'node:stream';

/** A file being received or generated, on local disk, not yet part of storage. */
export interface StagedFile {
  /** Absolute path of the private temporary file. */
  path: string;
  /** Removes the temporary file; safe to call more than once and after it was committed. */
  discard(): Promise<void>;
}

export interface ByteRange {
  /** Inclusive first byte. */
  start: number;
  /** Inclusive last byte. */
  end: number;
}

export interface PhotoStorage {
  /** A new empty temporary file inside storage's own staging area (same filesystem, so commit is a rename). */
  stage(): Promise<StagedFile>;
  /** Moves a staged file under `key`, replacing nothing: keys are unique per photo and variant. */
  commit(file: StagedFile, key: string): Promise<void>;
  /** Size in bytes, or null when nothing is stored under `key`. */
  size(key: string): Promise<number | null>;
  /** Streams the object, or the inclusive byte range of it. */
  read(key: string, range?: ByteRange): Readable;
  /** Removes the object; removing a missing key is not an error. */
  remove(key: string): Promise<void>;
}

// PhotoStorage: where original images and their derivatives live, behind one interface: a local directory (local.ts)
// or S3-compatible object storage (s3.ts).
import type { Readable } from 'node:stream';
import type { SpaceMonitor } from './space.ts';

/** A file being received or generated, on local disk, not yet part of storage. */
export interface StagedFile {
  /**
   * Absolute path of the private temporary file; empty for an object a deletion parked inside remote storage (S3),
   * which is only ever committed back or discarded.
   */
  path: string;
  /** The key this file is meant to become, when it was staged for one (recorded in its name, so a crash keeps it). */
  key?: string;
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
  /**
   * A new empty temporary file inside storage's own staging area (same filesystem, so commit is a rename). With a
   * key, the staged file records which key it is meant for, so `leftovers()` can finish or drop it after a crash.
   */
  stage(key?: string): Promise<StagedFile>;
  /** Moves a staged file under `key`, replacing nothing: keys are unique per photo and variant. */
  commit(file: StagedFile, key: string): Promise<void>;
  /** Moves a stored object back into staging, meant for the same key (a deletion that can still be undone). */
  unstage(key: string): Promise<StagedFile | null>;
  /** Every file in the staging area (what a crash left behind), each with the key it was meant for when known. */
  leftovers(): Promise<StagedFile[]>;
  /** Size in bytes, or null when nothing is stored under `key`. */
  size(key: string): Promise<number | null>;
  /** Streams the object, or the inclusive byte range of it. */
  read(key: string, range?: ByteRange): Readable;
  /** Removes the object; removing a missing key is not an error. */
  remove(key: string): Promise<void>;
  /** Whether the last write found room (a full disk answers 507 and shows in /readyz). */
  readonly space: SpaceMonitor;
  /** Releases connections (S3); the local driver holds none. */
  close(): Promise<void>;
}

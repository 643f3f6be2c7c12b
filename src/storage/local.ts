// PhotoStorage over a local directory (`<dataDir>/photos`), with a staging folder for uploads in progress.
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { SpaceMonitor } from './space.ts';
import { StagingFolder, checkedKey } from './staging.ts';
import type { ByteRange, PhotoStorage, StagedFile } from './types.ts';

export const STAGING_DIR = '.staging';

export class LocalPhotoStorage implements PhotoStorage {
  readonly root: string;
  readonly space = new SpaceMonitor();
  private readonly staging: StagingFolder;

  constructor(root: string) {
    this.root = resolve(root);
    this.staging = new StagingFolder(join(this.root, STAGING_DIR));
  }

  /** Creates the folders. What a crash left in staging is for `leftovers()` to settle, against the store's rows. */
  async init(): Promise<void> {
    await this.staging.init();
  }

  stage(key?: string): Promise<StagedFile> {
    return this.staging.stage(key);
  }

  async commit(file: StagedFile, key: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await rename(file.path, target);
  }

  async unstage(key: string): Promise<StagedFile | null> {
    const path = this.staging.pathFor(key);
    try {
      await rename(this.pathOf(key), path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return this.staging.file(path, key);
  }

  leftovers(): Promise<StagedFile[]> {
    return this.staging.list();
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  read(key: string, range?: ByteRange): Readable {
    return createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async close(): Promise<void> {
    // Nothing open between calls.
  }

  /** Keys come from our own ids, but are still checked so no key can ever name a path outside the root. */
  private pathOf(key: string): string {
    return join(this.root, checkedKey(key));
  }
}

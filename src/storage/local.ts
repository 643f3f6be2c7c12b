// PhotoStorage over a local directory (`<dataDir>/photos`), with a staging folder for uploads in progress.
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { generateSecret } from '../lib/ids.ts';
import type { ByteRange, PhotoStorage, StagedFile } from './types.ts';

const KEY = /^[A-Za-z0-9_]+(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
export const STAGING_DIR = '.staging';

export class LocalPhotoStorage implements PhotoStorage {
  readonly root: string;
  private readonly staging: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.staging = join(this.root, STAGING_DIR);
  }

  /** Creates the folders and clears staging files left by a crash. */
  async init(): Promise<void> {
    await mkdir(this.staging, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.staging)) await rm(join(this.staging, name), { force: true });
  }

  async stage(): Promise<StagedFile> {
    await mkdir(this.staging, { recursive: true, mode: 0o700 });
    const path = join(this.staging, `${generateSecret(18)}.part`);
    const handle = await open(path, 'wx', 0o600);
    await handle.close();
    return { path, discard: () => rm(path, { force: true }) };
  }

  async commit(file: StagedFile, key: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await rename(file.path, target);
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

  /** Keys come from our own ids, but are still checked so no key can ever name a path outside the root. */
  private pathOf(key: string): string {
    if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) throw new Error('invalid storage key');
    return join(this.root, key);
  }
}

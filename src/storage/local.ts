// PhotoStorage over a local directory (`<dataDir>/photos`), with a staging folder for uploads in progress.
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { generateSecret } from '../lib/ids.ts';
import { SpaceMonitor } from './space.ts';
import type { ByteRange, PhotoStorage, StagedFile } from './types.ts';

const KEY = /^[A-Za-z0-9_]+(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
export const STAGING_DIR = '.staging';
/** `<key with "/" as "+">.<random>.pending`: a staged file that knows what it is meant to become. */
const PENDING = /^([A-Za-z0-9_.+-]+)\.[A-Za-z0-9_-]+\.pending$/;

export class LocalPhotoStorage implements PhotoStorage {
  readonly root: string;
  readonly space = new SpaceMonitor();
  private readonly staging: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.staging = join(this.root, STAGING_DIR);
  }

  /** Creates the folders. What a crash left in staging is for `leftovers()` to settle, against the store's rows. */
  async init(): Promise<void> {
    await mkdir(this.staging, { recursive: true, mode: 0o700 });
  }

  async stage(key?: string): Promise<StagedFile> {
    if (key !== undefined) this.pathOf(key);
    await mkdir(this.staging, { recursive: true, mode: 0o700 });
    const name = key === undefined ? `${generateSecret(18)}.part` : `${key.replaceAll('/', '+')}.${generateSecret(18)}.pending`;
    const path = join(this.staging, name);
    const handle = await open(path, 'wx', 0o600);
    await handle.close();
    return this.staged(path, key);
  }

  async commit(file: StagedFile, key: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await rename(file.path, target);
  }

  async unstage(key: string): Promise<StagedFile | null> {
    const path = join(this.staging, `${key.replaceAll('/', '+')}.${generateSecret(18)}.pending`);
    try {
      await rename(this.pathOf(key), path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return this.staged(path, key);
  }

  async leftovers(): Promise<StagedFile[]> {
    const names = await readdir(this.staging).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    return names.map((name) => {
      const key = PENDING.exec(name)?.[1]?.replaceAll('+', '/');
      return this.staged(join(this.staging, name), key !== undefined && KEY.test(key) ? key : undefined);
    });
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

  private staged(path: string, key: string | undefined): StagedFile {
    return { path, ...(key !== undefined ? { key } : {}), discard: () => rm(path, { force: true, recursive: true }) };
  }

  /** Keys come from our own ids, but are still checked so no key can ever name a path outside the root. */
  private pathOf(key: string): string {
    if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) throw new Error('invalid storage key');
    return join(this.root, key);
  }
}

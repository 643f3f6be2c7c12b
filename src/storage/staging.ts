// The staging folder on local disk both photo storage drivers receive files in: a staged file's name records the key
// it is meant for, so what a crash leaves can be finished or dropped at the next start.
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateSecret } from '../lib/ids.ts';
import type { StagedFile } from './types.ts';

/** What a storage key may look like: our ids and variant names, never a path that leaves the root. */
const KEY = /^[A-Za-z0-9_]+(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
/** `<key with "/" as "+">.<random>.pending`: a staged file that knows what it is meant to become. */
const PENDING = /^([A-Za-z0-9_.+-]+)\.[A-Za-z0-9_-]+\.pending$/;

export function checkedKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) throw new Error('invalid storage key');
  return key;
}

export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}

export class StagingFolder {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  /** A new empty private file; with a key, named for it. */
  async stage(key?: string): Promise<StagedFile> {
    if (key !== undefined) checkedKey(key);
    await this.init();
    const path = key === undefined ? join(this.dir, `${generateSecret(18)}.part`) : this.pathFor(key);
    const handle = await open(path, 'wx', 0o600);
    await handle.close();
    return this.file(path, key);
  }

  /** A fresh name in the folder for a file meant to become `key` (the local driver renames a stored file to it). */
  pathFor(key: string): string {
    return join(this.dir, `${checkedKey(key).replaceAll('/', '+')}.${generateSecret(18)}.pending`);
  }

  /** Every file in the folder, each with the key it was meant for when its name says one. */
  async list(): Promise<StagedFile[]> {
    const names = await readdir(this.dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    return names.map((name) => {
      const key = PENDING.exec(name)?.[1]?.replaceAll('+', '/');
      return this.file(join(this.dir, name), key !== undefined && KEY.test(key) ? key : undefined);
    });
  }

  file(path: string, key: string | undefined): StagedFile {
    return { path, ...(key !== undefined ? { key } : {}), discard: () => rm(path, { force: true, recursive: true }) };
  }
}

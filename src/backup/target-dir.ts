// The directories backup and restore write into: absent or empty, never inside the data they copy.
import { mkdir, readdir, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { AppError } from '../errors.ts';

/** Whether `inner` is `outer` or inside it. */
export function isWithin(outer: string, inner: string): boolean {
  const rel = relative(resolve(outer), resolve(inner));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** 'absent' or 'empty'; anything else is refused with a message naming `what` (e.g. "the backup directory"). */
export async function requireEmptyOrAbsent(dir: string, what: string): Promise<'absent' | 'empty'> {
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw err;
  }
  if (!info.isDirectory()) throw new AppError('conflict', `${what} ${dir} exists and is not a directory`);
  const entries = await readdir(dir);
  if (entries.length > 0) {
    throw new AppError('conflict', `${what} ${dir} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, e.g. ${entries.sort()[0]}): give a new or empty directory`);
  }
  return 'empty';
}

/** Creates the directory (and its parents) private to this user: a backup holds password hashes and every photo. */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

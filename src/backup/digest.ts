// Streaming SHA-256 of files, and copying a file while hashing it (written to a temporary name, synced, renamed).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, type FileHandle } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FileDigest {
  size: number;
  /** Lower-case hex, as `sha256sum` prints it. */
  sha256: string;
  /** The same digest as base64url (how photo rows record their original's hash). */
  sha256Base64url: string;
}

function hashingTap(): { tap: Transform; digest: () => FileDigest } {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done): void {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return {
    tap,
    digest: (): FileDigest => {
      const bytes = hash.digest();
      return { size, sha256: bytes.toString('hex'), sha256Base64url: bytes.toString('base64url') };
    },
  };
}

/** Reads the whole file once. */
export async function digestFile(path: string): Promise<FileDigest> {
  const { tap, digest } = hashingTap();
  await pipeline(createReadStream(path), tap, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) void chunk;
  });
  return digest();
}

/**
 * Writes `source` to `target` through a private temporary file beside it (mode 0600), fsyncs it and renames it into
 * place, so `target` is either absent or complete. Returns what was written.
 */
export async function writeHashed(source: Readable, target: string): Promise<FileDigest> {
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const { tap, digest } = hashingTap();
    // flush: the file is fsynced before it is closed, so the rename below never exposes a file still in the cache.
    await pipeline(source, tap, createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true }));
    await rename(temp, target);
    return digest();
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Copies an open file (its content is fixed once opened, whatever renames happen to its name meanwhile). */
export async function copyHashed(source: FileHandle, target: string): Promise<FileDigest> {
  return writeHashed(source.createReadStream({ autoClose: false, start: 0 }), target);
}

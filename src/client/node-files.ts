// FileAccess on Node's file system: the only SDK module that imports node:*; the browser build leaves it out.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FileAccess } from './files.ts';

export const nodeFiles: FileAccess = {
  read: (path) => createReadStream(path) as AsyncIterable<Uint8Array>,
  async write(path, chunks, signal) {
    const part = `${path}.part`;
    let bytes = 0;
    try {
      await pipeline(async function* count(): AsyncGenerator<Uint8Array> {
        for await (const chunk of chunks) {
          bytes += chunk.byteLength;
          yield chunk;
        }
      }, createWriteStream(part), signal ? { signal } : {});
      await rename(part, path);
    } catch (err) {
      await rm(part, { force: true });
      throw err;
    }
    return bytes;
  },
  async makeDir(path) {
    await mkdir(path, { recursive: true });
  },
  async sizeOf(path) {
    const info = await stat(path).catch(() => null);
    return info?.isFile() ? info.size : null;
  },
  join,
};

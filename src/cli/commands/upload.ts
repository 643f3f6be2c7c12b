// `lightbox upload <gallery-id> <files or folders...>`: one request per file, progress, failures at the end, resumable.
import { parseArgs } from 'node:util';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LightboxError } from '../../client/index.ts';
import { contentTypeOf } from '../../client/multipart.ts';
import { UsageError, type CommandIO } from '../io.ts';
import { CLIENT_OPTIONS, EXIT, clientCommand, savedClient } from '../client-context.ts';
import { TransferProgress, formatBytes } from './transfer-progress.ts';

export const UPLOAD_HELP = `Usage: lightbox upload <gallery-id> <files or folders...>

Uploads images (folders are searched recursively for image files). Files already in the gallery with the same
name and size are skipped, so running the same command again resumes an interrupted upload. Progress goes to
stderr; failures are listed at the end (exit code 1 if any).`;

interface LocalFile {
  path: string;
  name: string;
  size: number;
}

async function collect(paths: string[]): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  const walk = async (path: string, explicit: boolean): Promise<void> => {
    const info = await stat(path).catch(() => null);
    if (info === null) throw new UsageError(`no such file or folder: ${path}`);
    if (info.isDirectory()) {
      for (const entry of (await readdir(path)).sort()) if (!entry.startsWith('.')) await walk(join(path, entry), false);
    } else if (info.isFile() && (explicit || contentTypeOf(path).startsWith('image/'))) {
      out.push({ path, name: basename(path), size: info.size });
    }
  };
  for (const p of paths) await walk(p, true);
  return out;
}

export async function uploadCommand(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: CLIENT_OPTIONS, strict: true, allowPositionals: true });
  if (values.help) {
    io.stdout.write(`${UPLOAD_HELP}\n`);
    return EXIT.ok;
  }
  const [galleryId, ...paths] = positionals;
  if (galleryId === undefined || paths.length === 0) throw new UsageError('upload needs a gallery id and at least one file or folder');
  const files = await collect(paths);
  return clientCommand(io, async () => {
    const { client } = savedClient(io, values.server);
    const present = new Set<string>();
    for await (const photo of client.galleries.iteratePhotos(galleryId, { per_page: 100 })) present.add(`${photo.filename}\u0000${photo.size}`);
    const todo = files.filter((f) => !present.has(`${f.name}\u0000${f.size}`));
    const skipped = files.length - todo.length;
    if (skipped > 0) io.stderr.write(`Skipping ${skipped} file(s) already in the gallery\n`);
    const progress = new TransferProgress(io.stderr, 'Uploading', todo.length, todo.reduce((n, f) => n + f.size, 0));
    const failures: Array<{ file: LocalFile; error: string }> = [];
    for (const file of todo) {
      try {
        await client.photos.upload(galleryId, [{ path: file.path }], { onProgress: (bytes) => progress.update(bytes, file.name) });
        progress.fileDone(file.size, file.name);
      } catch (err) {
        if (err instanceof LightboxError && (err.status === 401 || err.status === 404)) throw err; // every other file would fail the same way
        failures.push({ file, error: err instanceof LightboxError ? `${err.message} [${err.code}]` : (err as Error).message });
      }
    }
    const done = progress.finish();
    io.stdout.write(`Uploaded ${done.files} file(s), ${formatBytes(done.bytes)} in ${done.seconds.toFixed(1)} s; skipped ${skipped}; failed ${failures.length}\n`);
    if (failures.length > 0) {
      io.stderr.write('Failed:\n');
      for (const f of failures) io.stderr.write(`  ${f.file.path}: ${f.error}\n`);
      return EXIT.failure;
    }
    return EXIT.ok;
  });
}

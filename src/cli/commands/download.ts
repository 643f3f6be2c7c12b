// `lightbox download <collection-id> <dir>`: every original of a collection into dir/<gallery>/, resumable.
import { parseArgs } from 'node:util';
import { UsageError, type CommandIO } from '../io.ts';
import { CLIENT_OPTIONS, EXIT, clientCommand, savedClient } from '../client-context.ts';
import { TransferProgress, formatBytes } from './transfer-progress.ts';

export const DOWNLOAD_HELP = `Usage: lightbox download <collection-id> <dir>

Downloads every photo (originals) of a collection into <dir>/<gallery name>/<file name>. Files already there with
the right size are skipped, so running it again resumes. Failures are listed at the end (exit code 1 if any).`;

export async function downloadCommand(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: CLIENT_OPTIONS, strict: true, allowPositionals: true });
  if (values.help) {
    io.stdout.write(`${DOWNLOAD_HELP}\n`);
    return EXIT.ok;
  }
  const [collectionId, dir] = positionals;
  if (collectionId === undefined || dir === undefined || positionals.length !== 2) throw new UsageError('download needs a collection id and a folder');
  return clientCommand(io, async () => {
    const { client } = savedClient(io, values.server);
    const collection = await client.collections.get(collectionId);
    const total = collection.photo_count ?? 0;
    const progress = new TransferProgress(io.stderr, 'Downloading', total, null);
    const result = await client.collections.download(collectionId, dir, {
      onFile: (event) => {
        if (event.status === 'downloaded') progress.fileDone(event.bytes, event.photo.filename);
        if (event.status === 'skipped') progress.fileDone(0, `${event.photo.filename} (already there)`);
      },
    });
    const done = progress.finish();
    io.stdout.write(`Downloaded ${result.downloaded} file(s), ${formatBytes(result.bytes)} in ${done.seconds.toFixed(1)} s; skipped ${result.skipped}; failed ${result.failed.length}\n`);
    if (result.failed.length > 0) {
      io.stderr.write('Failed:\n');
      for (const f of result.failed) io.stderr.write(`  ${f.photo.id} ${f.photo.filename}: ${f.error?.message ?? 'unknown error'}\n`);
      return EXIT.failure;
    }
    return EXIT.ok;
  });
}

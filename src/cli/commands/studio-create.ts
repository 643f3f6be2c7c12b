// `lightbox studio create`: add a studio (organization).
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, configFrom } from '../common.ts';
import { UsageError, type CommandIO } from '../io.ts';
import { openStores } from '../../main.ts';
import { ensureStudio } from '../../auth/accounts.ts';
import { AppError } from '../../errors.ts';

export async function studioCreateCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_OPTIONS, name: { type: 'string' } }, strict: true, allowPositionals: true });
  if (values.help) {
    io.stdout.write('Usage: lightbox studio create --name NAME [--data DIR]\n');
    return 0;
  }
  if (!values.name) throw new UsageError('--name is required');
  const store = await openStores(configFrom(values, io.env));
  try {
    const { studio, created } = await ensureStudio(store, values.name, Date.now());
    if (!created) throw new AppError('conflict', `A studio with that name already exists (${studio.id})`);
    io.stdout.write(`Created studio ${studio.name} (${studio.id}, slug ${studio.slug})\n`);
    return 0;
  } finally {
    await store.close();
  }
}

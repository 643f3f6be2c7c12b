// `lightbox clients list` and `lightbox collections list`: every page of the list, as a table or --json.
import { parseArgs } from 'node:util';
import type { CommandIO } from '../io.ts';
import { CLIENT_OPTIONS, EXIT, clientCommand, printList, savedClient } from '../client-context.ts';
import type { Client, Collection, CollectionListQuery } from '../../client/index.ts';

export const CLIENTS_LIST_HELP = `Usage: lightbox clients list [--q TEXT] [--types client,lead] [--json]

Lists every client of the active studio (all pages).`;

export const COLLECTIONS_LIST_HELP = `Usage: lightbox collections list [--q TEXT] [--sort recent|name|event] [--json]

Lists every collection of the active studio (all pages): newest first, or by name, or by event date (latest first);
with --q, only those whose name (ignoring case) or slug contains TEXT.`;

export async function clientsListCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CLIENT_OPTIONS, json: { type: 'boolean' }, q: { type: 'string' }, types: { type: 'string' } }, strict: true });
  if (values.help) {
    io.stdout.write(`${CLIENTS_LIST_HELP}\n`);
    return EXIT.ok;
  }
  return clientCommand(io, async () => {
    const { client } = savedClient(io, values.server);
    const rows: Client[] = [];
    for await (const c of client.clients.iterate({ per_page: 100, ...(values.q ? { q: values.q } : {}), ...(values.types ? { types: values.types } : {}) })) rows.push(c);
    printList(io, rows, values.json === true, [['id', (c) => c.id], ['type', (c) => c.type], ['email', (c) => c.email], ['name', (c) => `${c.first_name} ${c.last_name}`.trim()]]);
    return EXIT.ok;
  });
}

export async function collectionsListCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CLIENT_OPTIONS, json: { type: 'boolean' }, q: { type: 'string' }, sort: { type: 'string' } }, strict: true });
  if (values.help) {
    io.stdout.write(`${COLLECTIONS_LIST_HELP}\n`);
    return EXIT.ok;
  }
  return clientCommand(io, async () => {
    const { client } = savedClient(io, values.server);
    const rows: Collection[] = [];
    // The server checks the sort (an unknown one is its 422, shown as any API error is).
    const sort = values.sort as CollectionListQuery['sort'];
    for await (const c of client.collections.iterate({ per_page: 100, ...(values.q ? { q: values.q } : {}), ...(sort ? { sort } : {}) })) rows.push(c);
    printList(io, rows, values.json === true, [['id', (c) => c.id], ['name', (c) => c.name]]);
    return EXIT.ok;
  });
}

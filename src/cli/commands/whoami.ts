// `lightbox whoami`: the saved login's user, active studio and scheme, from GET /api/auth/me.
import { parseArgs } from 'node:util';
import type { CommandIO } from '../io.ts';
import { CLIENT_OPTIONS, EXIT, clientCommand, savedClient } from '../client-context.ts';

export const WHOAMI_HELP = `Usage: lightbox whoami [--json]

Shows who the saved login is: user, active studio and role, and the server.`;

export async function whoamiCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CLIENT_OPTIONS, json: { type: 'boolean' } }, strict: true });
  if (values.help) {
    io.stdout.write(`${WHOAMI_HELP}\n`);
    return EXIT.ok;
  }
  return clientCommand(io, async () => {
    const { client, login } = savedClient(io, values.server);
    const me = await client.me();
    if (values.json) io.stdout.write(`${JSON.stringify({ server: login.server, ...me }, null, 2)}\n`);
    else io.stdout.write(`${me.user.username} (${me.user.email}) on ${login.server}${me.studio ? `, studio ${me.studio.name} (${me.studio.id}) as ${me.studio.role}` : ''}, via ${me.auth.scheme}\n`);
    return EXIT.ok;
  });
}

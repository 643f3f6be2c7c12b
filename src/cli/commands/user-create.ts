// `lightbox user create`: add a user, optionally to a studio (created when it does not exist) with a role.
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, configFrom } from '../common.ts';
import { readPassword, UsageError, type CommandIO } from '../io.ts';
import { createDeps, openStores } from '../../main.ts';
import { createAccountInStudio } from '../../auth/accounts.ts';
import { ROLES, type Role } from '../../store/schema.ts';

export const USER_CREATE_HELP = `Usage: lightbox user create --email EMAIL --username NAME [--first-name F] [--last-name L]
                           [--studio NAME [--role owner|admin|member|viewer]] [--password-stdin] [--data DIR]

The password is read from standard input with --password-stdin, otherwise prompted for (never an argument).`;

export async function userCreateCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...COMMON_OPTIONS,
      email: { type: 'string' }, username: { type: 'string' }, 'first-name': { type: 'string' }, 'last-name': { type: 'string' },
      studio: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${USER_CREATE_HELP}\n`);
    return 0;
  }
  if (!values.email || !values.username) throw new UsageError('--email and --username are required');
  const role = (values.role ?? (values.studio ? 'member' : undefined)) as Role | undefined;
  if (role !== undefined && !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (values.role && !values.studio) throw new UsageError('--role needs --studio');
  const config = configFrom(values, io.env);
  const password = await readPassword(io, values['password-stdin'] === true);
  const store = await openStores(config);
  try {
    const deps = await createDeps(config, store);
    const { user, studio } = await createAccountInStudio(
      { store, hasher: deps.hasher, clock: deps.clock, passwordPolicy: { minLength: config.password.minLength, maxLength: config.password.maxLength } },
      {
        email: values.email, username: values.username, firstName: values['first-name'] ?? '', lastName: values['last-name'] ?? '', password,
        ...(values.studio ? { studioName: values.studio } : {}), ...(role ? { role } : {}),
      },
    );
    io.stdout.write(`Created user ${user.id} (${user.email})${studio ? ` as ${role} of ${studio.name} (${studio.id})` : ''}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

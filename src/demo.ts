// `--demo`: a ready-to-try studio with an owner whose fresh random password is printed at start.
import { createAccountInStudio, ensureStudio } from './auth/accounts.ts';
import { loginKey } from './auth/identifiers.ts';
import { generateSecret } from './lib/ids.ts';
import type { AppDeps } from './http/deps.ts';
import { seedDemoClients } from './api/clients/demo.ts';
import { seedDemoCollection, type DemoCollection } from './api/collections/demo.ts';
import type { ErrorLog } from './api/photos/files.ts';

export const DEMO_EMAIL = 'demo@lightbox.test';
export const DEMO_STUDIO = 'Demo Studio';

export interface DemoLogin {
  studioName: string;
  email: string;
  password: string;
  /** The sample gallery collection and its (fresh) visitor password. */
  gallery: DemoCollection | null;
}

/**
 * Creates the demo studio and owner on first use; on later starts resets the owner's password, so no fixed
 * default credential ever exists.
 */
export async function seedDemo(deps: AppDeps, log: ErrorLog = { error: () => undefined }): Promise<DemoLogin> {
  const password = `demo-${generateSecret(12)}`;
  const accountDeps = { store: deps.store, hasher: deps.hasher, clock: deps.clock, passwordPolicy: { minLength: deps.config.password.minLength, maxLength: deps.config.password.maxLength } };
  const existing = await deps.store.users.findUserByLoginKey(loginKey(DEMO_EMAIL));
  let studioId: string | null;
  if (existing) {
    await deps.store.users.updatePasswordHash(existing.id, await deps.hasher.hash(password), deps.clock.now());
    await deps.store.users.setUserLocked(existing.id, null);
    const { studio } = await ensureStudio(deps.store, DEMO_STUDIO, deps.clock.now());
    await deps.store.studios.putMembership({ studioId: studio.id, userId: existing.id, role: 'owner', now: deps.clock.now() });
    studioId = studio.id;
  } else {
    const { studio } = await createAccountInStudio(accountDeps, {
      email: DEMO_EMAIL, username: 'demo', firstName: 'Demo', lastName: 'Photographer', password, studioName: DEMO_STUDIO, role: 'owner',
    });
    studioId = studio?.id ?? null;
  }
  if (studioId !== null) await seedDemoClients(deps, studioId);
  const gallery = studioId === null ? null : await seedDemoCollection(deps, studioId, log);
  return { studioName: DEMO_STUDIO, email: DEMO_EMAIL, password, gallery };
}

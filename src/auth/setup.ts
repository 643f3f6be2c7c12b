// The one-time setup link that lets the first person create the owner account and name the studio.
import type { Store } from '../store/types.ts';
import type { Clock } from '../lib/clock.ts';
import { generateSecret, isWellFormedSecret } from '../lib/ids.ts';
import { constantTimeEqual, sha256 } from './tokens.ts';

const SECRET_NAME = 'setup_token_sha256';

/** Issues a new setup token when no account exists yet; null once someone has set up the server. */
export async function issueSetupToken(store: Store, clock: Clock): Promise<string | null> {
  if ((await store.users.countUsers()) > 0) {
    await store.secrets.deleteSecret(SECRET_NAME);
    return null;
  }
  const token = generateSecret();
  await store.secrets.putSecret(SECRET_NAME, sha256(token), clock.now());
  return token;
}

export async function isValidSetupToken(store: Store, token: string): Promise<boolean> {
  if (!isWellFormedSecret(token)) return false;
  const stored = await store.secrets.getSecret(SECRET_NAME);
  if (stored === null || !constantTimeEqual(stored, sha256(token))) return false;
  return (await store.users.countUsers()) === 0;
}

export async function consumeSetupToken(store: Store): Promise<void> {
  await store.secrets.deleteSecret(SECRET_NAME);
}

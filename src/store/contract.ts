// The store contract: one suite per store interface that every backend (SQLite and PostgreSQL) must pass.
import { identityContract } from './contract/identity.ts';
import { credentialsContract } from './contract/credentials.ts';
import { studioDataContract } from './contract/studio-data.ts';
import { galleryContract } from './contract/gallery.ts';
import { transactionContract } from './contract/transactions.ts';
import { auditContract } from './contract/audit.ts';
import { mailOutboxContract } from './contract/mail-outbox.ts';
import { passwordResetContract } from './contract/password-resets.ts';
import { keysetContract } from './contract/keyset.ts';
import { invitationContract } from './contract/invitations.ts';
import { favoritesContract } from './contract/favorites.ts';
import { watermarksContract } from './contract/watermarks.ts';
import { noticesContract } from './contract/notices.ts';
import type { StoreFactory } from './contract/harness.ts';

export type { StoreFactory, StoreHandle } from './contract/harness.ts';

/**
 * Registers every interface's suite under `node:test`. `factory` opens a fresh, migrated, empty store for each test
 * and its `cleanup` removes it (a temp file, a schema): tests never see each other's rows and may run in any order.
 */
export function runStoreContract(backend: string, factory: StoreFactory): void {
  identityContract(backend, factory);
  credentialsContract(backend, factory);
  studioDataContract(backend, factory);
  galleryContract(backend, factory);
  transactionContract(backend, factory);
  auditContract(backend, factory);
  mailOutboxContract(backend, factory);
  passwordResetContract(backend, factory);
  keysetContract(backend, factory);
  invitationContract(backend, factory);
  favoritesContract(backend, factory);
  watermarksContract(backend, factory);
  noticesContract(backend, factory);
}

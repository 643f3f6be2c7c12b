// Builds the Store interfaces over one Kysely instance; each SQL backend only supplies the dialect.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './schema.ts';
import type { Store } from './types.ts';
import { createUserStore } from './repositories/users.ts';
import { createStudioStore } from './repositories/studios.ts';
import { createSessionStore } from './repositories/sessions.ts';
import { createSecretStore } from './repositories/secrets.ts';
import { createNotificationStore } from './repositories/notifications.ts';
import { createAuditStore } from './repositories/audit.ts';
import { createMailOutboxStore } from './repositories/mail-outbox.ts';
import { createPasswordResetStore } from './repositories/password-resets.ts';
import { createInvitationStore } from './repositories/invitations.ts';
import { createCollectionStore } from './repositories/collections.ts';
import { createGalleryStore } from './repositories/galleries.ts';
import { createPhotoStore } from './repositories/photos.ts';
import { createVisitorSessionStore } from './repositories/visitor-sessions.ts';
import { createGalleryActivityStore } from './repositories/gallery-activity.ts';
import { createClientStore } from './repositories/clients.ts';
import { createFavoriteListStore } from './repositories/favorite-lists.ts';
import { createPhotoNoteStore } from './repositories/photo-notes.ts';
import { createSelectionStore } from './repositories/selections.ts';
import { createDownloadControlStore } from './repositories/download-controls.ts';
import { createStudioSettingsStore } from './repositories/studio-settings.ts';
import { createWatermarkStore } from './repositories/watermarks.ts';
import { createExpiryReminderStore } from './repositories/expiry-reminders.ts';
import { createVisitorEmailStore } from './repositories/visitor-email.ts';
import { createSignInStore } from './repositories/sign-ins.ts';
import { createAccessTokenStore, createAppKeyStore, createJwtKeyStore, createRefreshTokenStore } from './repositories/credentials.ts';

export function createKyselyStore(db: Kysely<Database>, options: { close: () => Promise<void> }): Store {
  const store: Store = {
    users: createUserStore(db),
    studios: createStudioStore(db),
    sessions: createSessionStore(db),
    secrets: createSecretStore(db),
    notifications: createNotificationStore(db),
    audit: createAuditStore(db),
    mailOutbox: createMailOutboxStore(db),
    passwordResets: createPasswordResetStore(db),
    invitations: createInvitationStore(db),
    collections: createCollectionStore(db),
    galleries: createGalleryStore(db),
    photos: createPhotoStore(db),
    visitorSessions: createVisitorSessionStore(db),
    galleryActivity: createGalleryActivityStore(db),
    favoriteLists: createFavoriteListStore(db),
    photoNotes: createPhotoNoteStore(db),
    selections: createSelectionStore(db),
    downloadControls: createDownloadControlStore(db),
    watermarks: createWatermarkStore(db),
    expiryReminders: createExpiryReminderStore(db),
    visitorEmail: createVisitorEmailStore(db),
    signIns: createSignInStore(db),
    clients: createClientStore(db),
    studioSettings: createStudioSettingsStore(db),
    jwtKeys: createJwtKeyStore(db),
    refreshTokens: createRefreshTokenStore(db),
    appKeys: createAppKeyStore(db),
    accessTokens: createAccessTokenStore(db),
    async transaction<T>(fn: (s: Store) => Promise<T>): Promise<T> {
      if (db.isTransaction) return fn(store);
      return db.transaction().execute((trx) => fn(createKyselyStore(trx, { close: async () => undefined })));
    },
    async ping(): Promise<void> {
      await sql`select 1`.execute(db);
    },
    close: options.close,
  };
  return store;
}

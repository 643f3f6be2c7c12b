// Schema migrations, written with Kysely's schema builder so every SQL backend runs the same list, in name order.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { coreMigration } from './0001-core.ts';
import { clientsMigration } from './0002-clients.ts';
import { studioSettingsMigration } from './0002-studio-settings.ts';
import { galleryMigration } from './0003-gallery.ts';
import { credentialsMigration } from './0004-credentials.ts';
import { sessionIndexesMigration } from './0005-session-indexes.ts';
import { sessionDetailsMigration } from './0008-session-details.ts';
import { auditEventsMigration } from './0009-audit-events.ts';
import { mailOutboxMigration } from './0010-mail-outbox.ts';
import { passwordResetTokensMigration } from './0011-password-reset-tokens.ts';
import { photoDominantColorMigration } from './0013-photo-dominant-color.ts';
import { keysetIndexesMigration } from './0016-keyset-indexes.ts';
import { studioInvitationsMigration } from './0017-studio-invitations.ts';
import { favoriteListsDeliveryMigration } from './0018-favorite-lists-delivery.ts';
import { photoRenditionsWatermarksMigration } from './0020-photo-renditions-watermarks.ts';
import { clientMailMigration } from './0019-client-mail.ts';
import { photoPositionMigration } from './0021-photo-position.ts';
import { collectionStatusMigration } from './0022-collection-status.ts';
import { renderClaimsMigration } from './0023-render-claims.ts';
import { renderSetsMigration } from './0024-render-sets.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_core': coreMigration,
  '0002_clients': clientsMigration,
  '0002_studio_settings': studioSettingsMigration,
  '0003_gallery': galleryMigration,
  '0004_credentials': credentialsMigration,
  '0005_session_indexes': sessionIndexesMigration,
  '0008_session_details': sessionDetailsMigration,
  '0009_audit_events': auditEventsMigration,
  '0010_mail_outbox': mailOutboxMigration,
  '0011_password_reset_tokens': passwordResetTokensMigration,
  '0013_photo_dominant_color': photoDominantColorMigration,
  '0016_keyset_indexes': keysetIndexesMigration,
  '0017_studio_invitations': studioInvitationsMigration,
  '0018_favorite_lists_delivery': favoriteListsDeliveryMigration,
  '0020_photo_renditions_watermarks': photoRenditionsWatermarksMigration,
  '0019_client_mail': clientMailMigration,
  '0021_photo_position': photoPositionMigration,
  '0022_collection_status': collectionStatusMigration,
  '0023_render_claims': renderClaimsMigration,
  '0024_render_sets': renderSetsMigration,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationReport> {
  // Features land in parallel, so a database may have a later-numbered migration before an earlier one.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** Every migration this build knows, by name: `lightbox doctor` compares them with what a database has applied. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

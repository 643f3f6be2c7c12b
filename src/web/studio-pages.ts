// The studio's members page, the invitation page and the audit log, with the scripts they share a route for.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../http/deps.ts';
import { registerStudioAssets } from './studio-assets.ts';
import { registerMembersPage } from './members-page.ts';
import { registerInvitePage } from './invite-page.ts';
import { registerAuditPage } from './audit-page.ts';
import { registerStudioGalleryPage } from './studio-gallery-page.ts';
import { registerCollectionPages } from './collection-page.ts';
import { registerActivityPage } from './activity-page.ts';
import { registerAccountPage } from './account-page.ts';
import { registerClientsPage } from './clients-page.ts';

export function registerStudioPages(app: FastifyInstance, deps: AppDeps): void {
  const assets = registerStudioAssets(app);
  registerMembersPage(app, deps, assets);
  registerInvitePage(app, deps, assets);
  registerAuditPage(app, deps);
  registerStudioGalleryPage(app, deps, assets);
  registerCollectionPages(app, deps, assets);
  registerActivityPage(app, deps);
  registerAccountPage(app, deps, assets);
  registerClientsPage(app, deps, assets);
}

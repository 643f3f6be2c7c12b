// buildApp: the http kernel with every route module (kernel routes, api/*, web/*) registered on it. No listen, no env.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './http/deps.ts';
import { createKernel } from './http/kernel.ts';
import { registerAuthRoutes } from './http/routes/auth.ts';
import { registerTokenRoutes } from './http/routes/tokens.ts';
import { registerPasswordRoutes } from './http/routes/password.ts';
import { registerPasswordResetRoutes } from './http/routes/password-reset.ts';
import { registerAccountRoutes } from './http/routes/account.ts';
import { registerAuditRoutes } from './http/routes/audit-events.ts';
import { registerHealthRoutes } from './http/routes/health.ts';
import { registerMetricsRoutes } from './http/routes/metrics.ts';
import { registerDocsRoutes } from './http/routes/docs.ts';
import { registerNotificationRoutes } from './http/routes/notifications.ts';
import { registerCredentialRoutes } from './api/credentials/routes.ts';
import { registerMemberRoutes } from './api/members/routes.ts';
import { registerMembershipRoutes } from './api/members/membership-routes.ts';
import { registerInvitationRoutes } from './api/invitations/routes.ts';
import { registerClientRoutes } from './api/clients/routes.ts';
import { registerSettingsRoutes } from './api/settings/routes.ts';
import { registerBootstrapRoutes } from './api/bootstrap/routes.ts';
import { registerCollectionRoutes } from './api/collections/routes.ts';
import { registerGalleryRoutes } from './api/galleries/routes.ts';
import { registerPhotoRoutes } from './api/photos/routes.ts';
import { registerVisitorRoutes } from './api/visitors/routes.ts';
import { registerWebRoutes } from './web/routes.ts';
import { registerGalleryPages } from './web/gallery-routes.ts';
import { registerAccountPages } from './web/account-pages.ts';
import { registerPasswordResetPages } from './web/password-reset-pages.ts';
import { registerStudioPages } from './web/studio-pages.ts';
import { renderErrorPage } from './web/error-pages.ts';

export interface BuildAppOptions {
  /** Registers further routes before the app is sealed; the route-policy test uses it to prove a route without a policy stops the start. */
  extraRoutes?: (app: FastifyInstance) => void;
}

/**
 * The whole application, sealed (`ready()` has run). It lives above http/, api/ and web/ so that the kernel never
 * imports the modules built on it (issue #17); the registration order is the order routes appear in the docs.
 */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = await createKernel(deps, { errorPages: { renderPage: renderErrorPage } });
  registerHealthRoutes(app, deps);
  registerMetricsRoutes(app, deps);
  registerDocsRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerPasswordRoutes(app, deps);
  registerPasswordResetRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerCredentialRoutes(app, deps);
  registerMembershipRoutes(app, deps);
  registerMemberRoutes(app, deps);
  registerInvitationRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerClientRoutes(app, deps);
  registerSettingsRoutes(app, deps);
  registerBootstrapRoutes(app, deps);
  registerCollectionRoutes(app, deps);
  registerGalleryRoutes(app, deps);
  registerPhotoRoutes(app, deps);
  registerVisitorRoutes(app, deps);
  registerWebRoutes(app, deps);
  registerGalleryPages(app, deps);
  registerAccountPages(app, deps);
  registerPasswordResetPages(app, deps);
  registerStudioPages(app, deps);
  options.extraRoutes?.(app);
  // Work a request left running after its answer (a reset request's mail) finishes before the store closes.
  app.addHook('onClose', async () => { await deps.background.idle(); });

  await app.ready();
  return app;
}

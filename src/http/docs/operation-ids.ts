// issue #21: the readable operationId of every route ("METHOD /path" exactly as registered), and summaries for routes without one.
// A route missing here keeps a generated id, and test/docs/operation-ids.test.ts fails naming it with a suggestion.

export const OPERATION_IDS: Readonly<Record<string, string>> = {
  'GET /healthz': 'getLiveness',
  'GET /readyz': 'getReadiness',
  'GET /metrics': 'getMetrics',
  'GET /api/help': 'getHelp',
  'GET /api/schema': 'getOpenApiDocument',
  'GET /api/redoc': 'getRedocPage',
  'GET /api/redoc/redoc.standalone.js': 'getRedocScript',
  'GET /api/swagger': 'getSwaggerUi',
  'GET /api/swagger/static/index.html': 'getSwaggerUiIndex',
  'GET /api/swagger/static/swagger-initializer.js': 'getSwaggerUiInitializer',
  'GET /api/swagger/json': 'getSwaggerUiJson',
  'GET /api/swagger/yaml': 'getSwaggerUiYaml',
  'GET /api/swagger/static/*': 'getSwaggerUiAsset',
  'HEAD /api/swagger/static/*': 'headSwaggerUiAsset',
  // Authentication
  'POST /api/auth/login': 'login',
  'POST /api/auth/logout': 'logout',
  'GET /api/auth/me': 'getMe',
  'POST /api/auth/studios/:studio_id/login': 'switchStudio',
  'GET /api/csrf': 'getCsrfToken',
  'POST /api/auth/token/obtain': 'obtainToken',
  'POST /api/auth/token/refresh': 'refreshToken',
  'GET /.well-known/jwks.json': 'getJwks',
  'POST /api/auth/password': 'changePassword',
  'POST /api/auth/password-reset': 'requestPasswordReset',
  'POST /api/auth/password-reset/complete': 'completePasswordReset',
  // Account, credentials, members, audit, notifications
  'GET /api/v1/account/sessions': 'listAccountSessions',
  'DELETE /api/v1/account/sessions/:id': 'deleteAccountSession',
  'POST /api/v1/account/sessions/revoke-others': 'revokeOtherSessions',
  'GET /api/v1/account': 'getAccount',
  'PATCH /api/v1/account': 'updateAccount',
  'GET /api/v1/audit-events': 'listAuditEvents',
  'POST /api/v1/access-tokens': 'createAccessToken',
  'GET /api/v1/access-tokens': 'listAccessTokens',
  'DELETE /api/v1/access-tokens/:id': 'deleteAccessToken',
  'POST /api/v1/app-keys': 'createAppKey',
  'GET /api/v1/app-keys': 'listAppKeys',
  'DELETE /api/v1/app-keys/:id': 'deleteAppKey',
  'GET /api/v1/roles': 'listRoles',
  'GET /api/v1/members': 'listMembers',
  'PATCH /api/v1/members/:user_id': 'changeMemberRole',
  'DELETE /api/v1/members/:user_id': 'removeMember',
  'DELETE /api/v1/members/me': 'leaveStudio',
  'POST /api/v1/members/transfer-ownership': 'transferOwnership',
  'POST /api/v1/invitations': 'createInvitation',
  'GET /api/v1/invitations': 'listInvitations',
  'DELETE /api/v1/invitations/:id': 'revokeInvitation',
  'POST /api/auth/invitations/accept': 'acceptInvitation',
  'GET /api/v1/members/:user_id/sessions': 'listMemberSessions',
  'DELETE /api/v1/members/:user_id/sessions': 'deleteMemberSessions',
  'DELETE /api/v1/members/:user_id/sessions/:id': 'deleteMemberSession',
  'GET /api/v1/notifications/all': 'listNotifications',
  'POST /api/v1/notifications/:id/read': 'markNotificationRead',
  // Studio
  'GET /api/v1/studio/settings': 'getStudioSettings',
  'PATCH /api/v1/studio/settings': 'updateStudioSettings',
  'GET /api/v1/data/bootstrap': 'getBootstrap',
  // Clients
  'GET /api/v1/clients/': 'listClients',
  'POST /api/v1/clients/': 'createClient',
  'GET /api/v1/clients/:id': 'getClient',
  'PUT /api/v1/clients/:id': 'replaceClient',
  'PATCH /api/v1/clients/:id': 'updateClient',
  'DELETE /api/v1/clients/:id': 'deleteClient',
  // Collections and galleries
  'GET /api/v1/collections': 'listCollections',
  'POST /api/v1/collections': 'createCollection',
  'GET /api/v1/collections/:id': 'getCollection',
  'PATCH /api/v1/collections/:id': 'updateCollection',
  'PUT /api/v1/collections/:id': 'replaceCollection',
  'DELETE /api/v1/collections/:id': 'deleteCollection',
  'GET /api/v1/collections/:id/galleries': 'listCollectionGalleries',
  'POST /api/v1/collections/:id/galleries': 'createGallery',
  'GET /api/v1/collections/:id/clients': 'listCollectionClients',
  'GET /api/v1/collections/:id/visitor_emails': 'listCollectionVisitorEmails',
  'GET /api/v1/collections/:id/favorites': 'listCollectionFavorites',
  'GET /api/v1/collections/:id/downloads': 'listCollectionDownloads',
  'GET /api/v1/collections/:id/favorite-lists': 'listCollectionFavoriteLists',
  'GET /api/v1/collections/:id/photo-notes': 'listCollectionPhotoNotes',
  'GET /api/v1/collections/:id/selections': 'listCollectionSelections',
  'PUT /api/v1/collections/:id/watermark/logo': 'putCollectionWatermarkLogo',
  'GET /api/v1/collections/:id/watermark/logo': 'getCollectionWatermarkLogo',
  'DELETE /api/v1/collections/:id/watermark/logo': 'deleteCollectionWatermarkLogo',
  'POST /api/v1/collections/:id/notify-clients': 'notifyCollectionClients',
  'GET /api/v1/galleries/:id': 'getGallery',
  'PATCH /api/v1/galleries/:id': 'updateGallery',
  'PUT /api/v1/galleries/:id': 'replaceGallery',
  'DELETE /api/v1/galleries/:id': 'deleteGallery',
  // Photos
  'GET /api/v1/galleries/:id/photos': 'listGalleryPhotos',
  'POST /api/v1/galleries/:id/photos': 'uploadPhotos',
  'PUT /api/v1/galleries/:id/photo-order': 'setPhotoOrder',
  'POST /api/v1/galleries/:id/photo-order/sort': 'sortPhotos',
  'GET /api/v1/photos/:id': 'getPhoto',
  'DELETE /api/v1/photos/:id': 'deletePhoto',
  'GET /api/v1/photos/:id/thumbnail': 'getPhotoThumbnail',
  'GET /api/v1/photos/:id/medium': 'getPhotoMedium',
  'GET /api/v1/photos/:id/web': 'getPhotoWeb',
  'GET /api/v1/photos/:id/original': 'getPhotoOriginal',
  // The gallery-visitor API
  'GET /api/v1/gallery/collection': 'getVisitorCollection',
  'GET /api/v1/gallery/galleries': 'listVisitorGalleries',
  'GET /api/v1/gallery/galleries/:id/photos': 'listVisitorGalleryPhotos',
  'GET /api/v1/gallery/photos/:id': 'getVisitorPhoto',
  'GET /api/v1/gallery/photos/:id/thumbnail': 'getVisitorPhotoThumbnail',
  'GET /api/v1/gallery/photos/:id/medium': 'getVisitorPhotoMedium',
  'GET /api/v1/gallery/photos/:id/web': 'getVisitorPhotoWeb',
  'GET /api/v1/gallery/photos/:id/original': 'getVisitorPhotoOriginal',
  'GET /api/v1/gallery/photos/:id/download': 'downloadPhoto',
  'GET /api/v1/gallery/archive/summary': 'getArchiveSummary',
  'GET /api/v1/gallery/archive': 'downloadArchive',
  'GET /api/v1/gallery/favorites': 'listVisitorFavorites',
  'POST /api/v1/gallery/favorites': 'addFavorite',
  'DELETE /api/v1/gallery/favorites/:id': 'removeFavorite',
  'GET /api/v1/gallery/favorite-lists': 'listFavoriteLists',
  'POST /api/v1/gallery/favorite-lists': 'createFavoriteList',
  'GET /api/v1/gallery/favorite-lists/:id': 'getFavoriteList',
  'PATCH /api/v1/gallery/favorite-lists/:id': 'renameFavoriteList',
  'DELETE /api/v1/gallery/favorite-lists/:id': 'deleteFavoriteList',
  'GET /api/v1/gallery/favorite-lists/:id/photos': 'listFavoriteListPhotos',
  'POST /api/v1/gallery/favorite-lists/:id/photos': 'addPhotoToFavoriteList',
  'DELETE /api/v1/gallery/favorite-lists/:id/photos/:photo_id': 'removePhotoFromFavoriteList',
  'POST /api/v1/gallery/favorite-lists/:id/send': 'sendSelection',
  'PUT /api/v1/gallery/photos/:id/note': 'putPhotoNote',
  'DELETE /api/v1/gallery/photos/:id/note': 'deletePhotoNote',
  'POST /api/v1/gallery/download-pin': 'enterDownloadPin',
  'GET /api/v1/gallery/photos/:id/download/check': 'checkPhotoDownload',
  'GET /api/v1/gallery/email-confirmation': 'getEmailConfirmation',
  'POST /api/v1/gallery/email-confirmation': 'requestEmailCode',
  'POST /api/v1/gallery/email-confirmation/confirm': 'confirmEmailCode',
  // Web pages and their forms
  'GET /assets/app.css': 'getAppStylesheet',
  'GET /': 'getHomePage',
  'GET /login': 'getLoginPage',
  'POST /login': 'webLogin',
  'POST /logout': 'webLogout',
  'GET /setup': 'getSetupPage',
  'POST /setup': 'completeSetup',
  'GET /assets/gallery/:name': 'getGalleryAsset',
  'GET /galleries/login': 'getVisitorLoginPage',
  'POST /galleries/login': 'visitorLogin',
  'POST /galleries/logout': 'visitorLogout',
  'GET /galleries/view': 'getGalleryViewerPage',
  'GET /galleries/:collection': 'openCollectionLink',
  'GET /assets/password-reset.js': 'getPasswordResetScript',
  'GET /password-reset': 'getPasswordResetPage',
  'POST /password-reset': 'webRequestPasswordReset',
  'GET /password-reset/complete': 'getPasswordResetCompletePage',
  'POST /password-reset/complete': 'webCompletePasswordReset',
  'GET /account/security': 'getSecurityPage',
  'POST /account/security/end': 'endSessionFromSecurityPage',
  'POST /account/security/revoke-others': 'revokeOtherSessionsFromSecurityPage',
  'POST /account/security/sign-in-alerts': 'changeSignInAlertsFromSecurityPage',
  'GET /assets/studio/:name': 'getStudioPageAsset',
  'GET /studio/members': 'getMembersPage',
  'GET /studio/audit': 'getAuditLogPage',
  'GET /studio/galleries/:id': 'getStudioGalleryPage',
  'GET /studio/collections/new': 'getNewCollectionPage',
  'GET /account': 'getAccountPage',
  'GET /studio/clients': 'getClientsPage',
  'GET /studio/collections/:id': 'getCollectionPage',
  'GET /studio/collections/:id/qr.svg': 'getCollectionQrCode',
  'GET /studio/collections/:id/activity': 'getCollectionActivityPage',
  'GET /api/v1/collections/:id/activity': 'getCollectionActivity',
  'GET /invite/:token': 'getInvitationPage',
};

/** Summaries for routes whose schema has none (pages, assets, Swagger UI's routes). */
export const FALLBACK_SUMMARIES: Readonly<Record<string, string>> = {
  'GET /metrics': 'Prometheus metrics (text exposition format; the metrics token when one is configured)',
  'GET /api/swagger': 'Swagger UI for this document (redirects to its index page)',
  'GET /api/swagger/static/index.html': 'The Swagger UI page',
  'GET /api/swagger/static/swagger-initializer.js': "Swagger UI's start-up script, pointed at this document",
  'GET /api/swagger/json': 'This OpenAPI document as JSON, as Swagger UI loads it',
  'GET /api/swagger/yaml': 'This OpenAPI document as YAML',
  'GET /api/swagger/static/*': "Swagger UI's static files (scripts, styles, images)",
  'HEAD /api/swagger/static/*': "Headers of one of Swagger UI's static files",
  'GET /assets/app.css': 'The stylesheet of the web pages',
  'GET /': "The studio's collections dashboard: covers, status, visits, favorites, downloads; search and sort (HTML; redirects to /login when signed out)",
  'GET /login': 'The sign-in page (HTML)',
  'GET /setup': 'The first-run setup page (HTML; needs the one-time setup token)',
  'GET /assets/gallery/:name': "The gallery viewer's scripts and styles",
  'GET /assets/password-reset.js': 'The script of the password-reset pages',
  'GET /password-reset': 'The "forgot your password?" page: ask for a reset link by email (HTML)',
  'GET /password-reset/complete': 'The page a reset link opens: choose a new password (HTML)',
  'GET /assets/studio/:name': 'The scripts of the studio pages (upload, collection, account, clients, members, invitation)',
  'GET /studio/members': "The studio's members page: roles, removal, invitations (HTML)",
  'GET /studio/audit': "The studio's audit log for owners and admins, filtered by person, event and dates (HTML)",
  'GET /studio/galleries/:id': "A gallery's studio page: upload with progress and retry, duplicates, cover, order, delete (HTML)",
  'GET /studio/collections/new': 'The form that creates a collection (HTML)',
  'GET /studio/collections/:id': "A collection's settings, galleries and share box with the link, password and QR code (HTML)",
  'GET /studio/collections/:id/qr.svg': "The QR code of a collection's gallery link (SVG)",
  'GET /studio/collections/:id/activity': "A collection's activity: a chart of visits and downloads per day and the latest events (HTML)",
  'GET /account': 'Your account: profile, password, personal access tokens and application keys (HTML)',
  'GET /studio/clients': "The studio's clients with the collections they belong to (HTML)",
  'GET /invite/:token': 'The page an invitation link opens: the studio and role, and a form to accept (HTML)',
  'GET /galleries/login': 'The visitor sign-in page of a collection (HTML)',
  'GET /galleries/view': 'The gallery viewer page for a signed-in visitor (HTML)',
  'GET /galleries/:collection': "A collection's share link: the visitor sign-in page for that collection (HTML)",
};

/** "GET /api/v1/clients/" → "GET /api/v1/clients": routes answer with and without a trailing slash. */
export function routeKey(method: string, url: string): string {
  const path = url.length > 1 ? url.replace(/\/+$/, '') : url;
  return `${method.toUpperCase()} ${path}`;
}

function byRouteKey(table: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  return new Map(Object.entries(table).map(([key, value]) => {
    const [method = '', url = ''] = key.split(' ');
    return [routeKey(method, url), value];
  }));
}

const IDS = byRouteKey(OPERATION_IDS);
const SUMMARIES = byRouteKey(FALLBACK_SUMMARIES);

/** The readable operationId of a route, undefined when the table lacks it. */
export function operationIdOf(method: string, url: string): string | undefined {
  return IDS.get(routeKey(method, url));
}

export function fallbackSummaryOf(method: string, url: string): string | undefined {
  return SUMMARIES.get(routeKey(method, url));
}

const VERBS: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'replace', PATCH: 'update', DELETE: 'delete', HEAD: 'head' };

function pascal(word: string): string {
  return word.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`).join('');
}

/**
 * A proposal for a route not in the table: GET /api/v1/invoices → listInvoices, GET /api/v1/invoices/:id → getInvoice,
 * POST → createInvoice, PUT → replace…, PATCH → update…, DELETE → delete…. A starting point; the table may say better.
 */
export function suggestOperationId(method: string, url: string): string {
  const segments = url.split('/').filter((s) => s !== '' && s !== 'api' && !/^v\d+$/.test(s));
  const isParam = (s: string | undefined): boolean => s !== undefined && (s.startsWith(':') || s === '*');
  const byId = isParam(segments.at(-1));
  const upper = method.toUpperCase();
  // A noun followed by an id names one item (photos/:id/web → PhotoWeb); the last noun is singular unless a list is read.
  const nouns = segments.flatMap((s, i) => {
    if (isParam(s)) return [];
    const last = !segments.slice(i + 1).some((rest) => !isParam(rest));
    const one = isParam(segments[i + 1]) || (last && (upper !== 'GET' || byId));
    return [one ? singular(pascal(s)) : pascal(s)];
  });
  const noun = nouns.join('') || 'Root';
  const plural = !byId && /s$/.test(segments.at(-1) ?? '');
  const verb = upper === 'GET' && plural ? 'list' : VERBS[upper] ?? method.toLowerCase();
  return `${verb}${noun}`;
}

function singular(word: string): string {
  return word.replace(/ies$/, 'y').replace(/s$/, '');
}

// issue #21: the SDK reaches every operation of the OpenAPI document, or the operation is excluded here with a reason.
// Each covered operation names the SDK call that reaches it, and the test makes that call (against a recording fetch
// that answers every request with a harmless body) and checks that the request it sent is that operation. A new
// route without an SDK method or an exclusion fails the first test.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptInvitationWithNewAccount, completePasswordReset, createClient, createGalleryClient, getJWKS, obtainToken, requestPasswordReset,
  type AuthOptions, type FileAccess, type GalleryClient, type LightboxClient,
} from '../../src/client/index.ts';
import { withTestApp } from '../helpers/app.ts';

interface Operation { id: string; method: string; template: string; pattern: RegExp; params: number }

/** A call the SDK makes; `make` builds clients on the recording fetch. */
type Call = (make: Make) => Promise<unknown>;
interface Make {
  client(auth?: AuthOptions): LightboxClient;
  gallery(): GalleryClient;
  anonymous: { baseUrl: string; fetch: (input: string, init: RequestInit) => Promise<Response> };
}

const BASE = 'http://sdk.invalid';
const ID = 'xx_AAAAAAAAAAAAAAAAAAAAAA';
/** An access JWT that expired long ago, so the JWT strategy refreshes it first. */
const EXPIRED_JWT = `e30.${Buffer.from(JSON.stringify({ exp: 1 })).toString('base64url')}.sig`;
const BYTES = { filename: 'a.jpg', data: new Uint8Array([0xff, 0xd8, 0xff]) };

/** Drops everything written: what a download to a path needs, without a disk. */
const discardFiles: FileAccess = {
  async *read() { yield new Uint8Array([1]); },
  async write(_path, chunks) {
    let n = 0;
    for await (const chunk of chunks) n += chunk.byteLength;
    return n;
  },
  makeDir: async () => undefined,
  sizeOf: async () => null,
  join: (...parts) => parts.join('/'),
};

/** operationId → the SDK method that reaches it, and a call of it. */
const COVERED: Record<string, { sdk: string; call: Call }> = {
  // Authentication: the strategies log in, refresh and log out by themselves.
  login: { sdk: "createClient({auth: {type: 'session' | 'token'}}), obtainToken()", call: (m) => m.client().me() },
  logout: { sdk: 'client.logout()', call: async (m) => { const c = m.client(); await c.me(); await c.logout(); } },
  getMe: { sdk: 'client.me()', call: (m) => m.client().me() },
  switchStudio: { sdk: 'client.switchStudio(id)', call: (m) => m.client().switchStudio(ID) },
  obtainToken: { sdk: "createClient({auth: {type: 'jwt', email, password}})", call: (m) => m.client({ type: 'jwt', email: 'a@b.test', password: 'pw' }).me() },
  refreshToken: { sdk: "createClient({auth: {type: 'jwt'}}) before expiry", call: (m) => m.client({ type: 'jwt', access: EXPIRED_JWT, refresh: 'r' }).me() },
  getJwks: { sdk: 'getJWKS()', call: (m) => getJWKS(m.anonymous) },
  changePassword: { sdk: 'client.account.changePassword()', call: (m) => m.client().account.changePassword({ currentPassword: 'a', newPassword: 'b' }) },
  requestPasswordReset: { sdk: 'requestPasswordReset()', call: (m) => requestPasswordReset({ ...m.anonymous, email: 'a@b.test' }) },
  completePasswordReset: { sdk: 'completePasswordReset()', call: (m) => completePasswordReset({ ...m.anonymous, token: 't', password: 'p' }) },
  acceptInvitation: { sdk: 'client.invitations.accept(), acceptInvitationWithNewAccount()', call: (m) => m.client().invitations.accept({ token: 't' }) },
  // Account, credentials, members, audit, notifications.
  listAccountSessions: { sdk: 'client.sessions.list()', call: (m) => m.client().sessions.list() },
  deleteAccountSession: { sdk: 'client.sessions.end(id)', call: (m) => m.client().sessions.end(ID) },
  revokeOtherSessions: { sdk: 'client.sessions.revokeOthers()', call: (m) => m.client().sessions.revokeOthers() },
  listAuditEvents: { sdk: 'client.auditEvents.list/pages/iterate()', call: (m) => m.client().auditEvents.list({ kind: 'login_succeeded' }) },
  createAccessToken: { sdk: 'client.accessTokens.create()', call: (m) => m.client().accessTokens.create({ name: 'n', scopes: ['clients:read'] }) },
  listAccessTokens: { sdk: 'client.accessTokens.list()', call: (m) => m.client().accessTokens.list() },
  deleteAccessToken: { sdk: 'client.accessTokens.revoke(id)', call: (m) => m.client().accessTokens.revoke(ID) },
  createAppKey: { sdk: 'client.appKeys.create()', call: (m) => m.client().appKeys.create({ name: 'n' }) },
  listAppKeys: { sdk: 'client.appKeys.list()', call: (m) => m.client().appKeys.list() },
  deleteAppKey: { sdk: 'client.appKeys.revoke(id)', call: (m) => m.client().appKeys.revoke(ID) },
  listRoles: { sdk: 'client.members.roles()', call: (m) => m.client().members.roles() },
  listMembers: { sdk: 'client.members.list()', call: (m) => m.client().members.list() },
  changeMemberRole: { sdk: 'client.members.changeRole()', call: (m) => m.client().members.changeRole(ID, 'member') },
  removeMember: { sdk: 'client.members.remove()', call: (m) => m.client().members.remove(ID) },
  leaveStudio: { sdk: 'client.members.leave()', call: (m) => m.client().members.leave() },
  transferOwnership: { sdk: 'client.members.transferOwnership()', call: (m) => m.client().members.transferOwnership({ userId: ID }) },
  listMemberSessions: { sdk: 'client.members.sessions(userId)', call: (m) => m.client().members.sessions(ID) },
  deleteMemberSessions: { sdk: 'client.members.endSessions(userId)', call: (m) => m.client().members.endSessions(ID) },
  deleteMemberSession: { sdk: 'client.members.endSession(userId, id)', call: (m) => m.client().members.endSession(ID, ID) },
  createInvitation: { sdk: 'client.invitations.create()', call: (m) => m.client().invitations.create({ role: 'member' }) },
  listInvitations: { sdk: 'client.invitations.list()', call: (m) => m.client().invitations.list() },
  revokeInvitation: { sdk: 'client.invitations.revoke(id)', call: (m) => m.client().invitations.revoke(ID) },
  listNotifications: { sdk: 'client.notifications.list/iterate()', call: (m) => m.client().notifications.list() },
  markNotificationRead: { sdk: 'client.notifications.markRead(id)', call: (m) => m.client().notifications.markRead(ID) },
  // Studio and clients.
  getStudioSettings: { sdk: 'client.studio.settings()', call: (m) => m.client().studio.settings() },
  updateStudioSettings: { sdk: 'client.studio.updateSettings()', call: (m) => m.client().studio.updateSettings({ currency: 'EUR' }) },
  getBootstrap: { sdk: 'client.account.bootstrap()', call: (m) => m.client().account.bootstrap() },
  getAccount: { sdk: 'client.account.get()', call: (m) => m.client().account.get() },
  updateAccount: { sdk: 'client.account.update()', call: (m) => m.client().account.update({ notify_new_sign_in: true }) },
  listClients: { sdk: 'client.clients.list/iterate/pages()', call: (m) => m.client().clients.list() },
  createClient: { sdk: 'client.clients.create()', call: (m) => m.client().clients.create({ email: 'a@b.test' }) },
  getClient: { sdk: 'client.clients.get(id)', call: (m) => m.client().clients.get(ID) },
  replaceClient: { sdk: 'client.clients.update(id)', call: (m) => m.client().clients.update(ID, { email: 'a@b.test' }) },
  updateClient: { sdk: 'client.clients.patch(id)', call: (m) => m.client().clients.patch(ID, { first_name: 'A' }) },
  deleteClient: { sdk: 'client.clients.delete(id)', call: (m) => m.client().clients.delete(ID) },
  // Collections, galleries, photos.
  listCollections: { sdk: 'client.collections.list/iterate()', call: (m) => m.client().collections.list() },
  createCollection: { sdk: 'client.collections.create()', call: (m) => m.client().collections.create({ name: 'n' }) },
  getCollection: { sdk: 'client.collections.get(id)', call: (m) => m.client().collections.get(ID) },
  updateCollection: { sdk: 'client.collections.update(id)', call: (m) => m.client().collections.update(ID, { name: 'n' }) },
  replaceCollection: { sdk: 'client.collections.replace(id)', call: (m) => m.client().collections.replace(ID, { name: 'n' }) },
  deleteCollection: { sdk: 'client.collections.delete(id)', call: (m) => m.client().collections.delete(ID) },
  listCollectionGalleries: { sdk: 'client.collections.galleries(id)', call: (m) => m.client().collections.galleries(ID) },
  createGallery: { sdk: 'client.galleries.create(collectionId)', call: (m) => m.client().galleries.create(ID, { name: 'n' }) },
  listCollectionClients: { sdk: 'client.collections.clients(id)', call: (m) => m.client().collections.clients(ID) },
  listCollectionVisitorEmails: { sdk: 'client.collections.visitorEmails(id)', call: (m) => m.client().collections.visitorEmails(ID) },
  listCollectionFavorites: { sdk: 'client.collections.favorites(id)', call: (m) => m.client().collections.favorites(ID, { list_id: ID }) },
  listCollectionFavoriteLists: { sdk: 'client.collections.favoriteLists(id)', call: (m) => m.client().collections.favoriteLists(ID) },
  listCollectionPhotoNotes: { sdk: 'client.collections.photoNotes(id)', call: (m) => m.client().collections.photoNotes(ID) },
  listCollectionSelections: { sdk: 'client.collections.selections(id)', call: (m) => m.client().collections.selections(ID) },
  notifyCollectionClients: { sdk: 'client.collections.notifyClients(id)', call: (m) => m.client().collections.notifyClients(ID, { message: 'Ready!' }) },
  listCollectionDownloads: { sdk: 'client.collections.downloads(id)', call: (m) => m.client().collections.downloads(ID, { limit: 10 }) },
  getGallery: { sdk: 'client.galleries.get(id)', call: (m) => m.client().galleries.get(ID) },
  updateGallery: { sdk: 'client.galleries.update(id)', call: (m) => m.client().galleries.update(ID, { name: 'n' }) },
  replaceGallery: { sdk: 'client.galleries.replace(id)', call: (m) => m.client().galleries.replace(ID, { name: 'n' }) },
  deleteGallery: { sdk: 'client.galleries.delete(id)', call: (m) => m.client().galleries.delete(ID) },
  listGalleryPhotos: { sdk: 'client.galleries.photos/iteratePhotos(id)', call: (m) => m.client().galleries.photos(ID) },
  uploadPhotos: { sdk: 'client.photos.upload(galleryId)', call: (m) => m.client().photos.upload(ID, [BYTES]) },
  getCollectionActivity: { sdk: 'client.collections.activity(id)', call: (m) => m.client().collections.activity(ID) },
  setPhotoOrder: { sdk: 'client.galleries.setPhotoOrder(id, photoIds)', call: (m) => m.client().galleries.setPhotoOrder(ID, [ID]) },
  sortPhotos: { sdk: 'client.galleries.sortPhotos(id, by)', call: (m) => m.client().galleries.sortPhotos(ID, 'filename') },
  getPhoto: { sdk: 'client.photos.get(id)', call: (m) => m.client().photos.get(ID) },
  deletePhoto: { sdk: 'client.photos.delete(id)', call: (m) => m.client().photos.delete(ID) },
  getPhotoThumbnail: { sdk: "client.photos.blob(id, {variant: 'thumbnail'})", call: (m) => m.client().photos.blob(ID, { variant: 'thumbnail' }) },
  getPhotoWeb: { sdk: "client.photos.blob(id, {variant: 'web'})", call: (m) => m.client().photos.blob(ID, { variant: 'web' }) },
  getPhotoMedium: { sdk: "client.photos.blob(id, {variant: 'medium'})", call: (m) => m.client().photos.blob(ID, { variant: 'medium' }) },
  putCollectionWatermarkLogo: { sdk: 'client.collections.uploadWatermarkLogo(id, logo)', call: (m) => m.client().collections.uploadWatermarkLogo(ID, BYTES) },
  getCollectionWatermarkLogo: { sdk: 'client.collections.watermarkLogo(id)', call: (m) => m.client().collections.watermarkLogo(ID) },
  deleteCollectionWatermarkLogo: { sdk: 'client.collections.deleteWatermarkLogo(id)', call: (m) => m.client().collections.deleteWatermarkLogo(ID) },
  getPhotoOriginal: { sdk: 'client.photos.download(id, dest), collections.download(id, dir)', call: (m) => m.client().photos.download(ID, '/x.jpg') },
  // The gallery visitor (createGalleryClient).
  visitorLogin: { sdk: 'gallery.login(), and by itself before any call', call: (m) => m.gallery().login() },
  visitorLogout: { sdk: 'gallery.logout()', call: async (m) => { const g = m.gallery(); await g.login(); await g.logout(); } },
  getVisitorCollection: { sdk: 'gallery.collection()', call: (m) => m.gallery().collection() },
  listVisitorGalleries: { sdk: 'gallery.galleries/iterateGalleries()', call: (m) => m.gallery().galleries() },
  listVisitorGalleryPhotos: { sdk: 'gallery.photos/iteratePhotos(galleryId)', call: (m) => m.gallery().photos(ID, { limit: 5 }) },
  getVisitorPhoto: { sdk: 'gallery.photo(id)', call: (m) => m.gallery().photo(ID) },
  getVisitorPhotoThumbnail: { sdk: "gallery.image(id, {variant: 'thumbnail'})", call: (m) => m.gallery().image(ID, { variant: 'thumbnail' }) },
  getVisitorPhotoWeb: { sdk: 'gallery.image(id)', call: (m) => m.gallery().image(ID) },
  getVisitorPhotoMedium: { sdk: "gallery.image(id, {variant: 'medium'})", call: (m) => m.gallery().image(ID, { variant: 'medium' }) },
  getVisitorPhotoOriginal: { sdk: "gallery.image(id, {variant: 'original'})", call: (m) => m.gallery().image(ID, { variant: 'original' }) },
  downloadPhoto: { sdk: 'gallery.photoBlob(id), gallery.downloadPhoto(id, dest)', call: (m) => m.gallery().downloadPhoto(ID, '/x.jpg', { size: 'original' }) },
  checkPhotoDownload: { sdk: 'gallery.checkDownload(id)', call: (m) => m.gallery().checkDownload(ID, { size: 'original' }) },
  getArchiveSummary: { sdk: 'gallery.archiveSummary()', call: (m) => m.gallery().archiveSummary({ scope: 'gallery', gallery_id: ID }) },
  downloadArchive: { sdk: 'gallery.archive(), gallery.downloadArchive(query, dest)', call: (m) => m.gallery().downloadArchive({ scope: 'favorites' }, '/x.zip') },
  listVisitorFavorites: { sdk: 'gallery.favorites.list/iterate()', call: (m) => m.gallery().favorites.list() },
  addFavorite: { sdk: 'gallery.favorites.add(photoId)', call: (m) => m.gallery().favorites.add(ID) },
  removeFavorite: { sdk: 'gallery.favorites.remove(photoId)', call: (m) => m.gallery().favorites.remove(ID) },
  listFavoriteLists: { sdk: 'gallery.favoriteLists.list()', call: (m) => m.gallery().favoriteLists.list() },
  createFavoriteList: { sdk: 'gallery.favoriteLists.create(name)', call: (m) => m.gallery().favoriteLists.create('n') },
  getFavoriteList: { sdk: 'gallery.favoriteLists.get(id)', call: (m) => m.gallery().favoriteLists.get(ID) },
  renameFavoriteList: { sdk: 'gallery.favoriteLists.rename(id, name)', call: (m) => m.gallery().favoriteLists.rename(ID, 'n') },
  deleteFavoriteList: { sdk: 'gallery.favoriteLists.delete(id)', call: (m) => m.gallery().favoriteLists.delete(ID) },
  listFavoriteListPhotos: { sdk: 'gallery.favoriteLists.photos/iteratePhotos(id)', call: (m) => m.gallery().favoriteLists.photos(ID) },
  addPhotoToFavoriteList: { sdk: 'gallery.favoriteLists.addPhoto(id, photoId)', call: (m) => m.gallery().favoriteLists.addPhoto(ID, ID) },
  removePhotoFromFavoriteList: { sdk: 'gallery.favoriteLists.removePhoto(id, photoId)', call: (m) => m.gallery().favoriteLists.removePhoto(ID, ID) },
  sendSelection: { sdk: 'gallery.submitSelection(listId)', call: (m) => m.gallery().submitSelection(ID) },
  putPhotoNote: { sdk: 'gallery.notes.set(photoId, note)', call: (m) => m.gallery().notes.set(ID, 'note') },
  deletePhotoNote: { sdk: 'gallery.notes.clear(photoId)', call: (m) => m.gallery().notes.clear(ID) },
  getEmailConfirmation: { sdk: 'gallery.emailConfirmation.status()', call: (m) => m.gallery().emailConfirmation.status() },
  requestEmailCode: { sdk: 'gallery.emailConfirmation.requestCode()', call: (m) => m.gallery().emailConfirmation.requestCode() },
  confirmEmailCode: { sdk: 'gallery.emailConfirmation.confirm(code)', call: (m) => m.gallery().emailConfirmation.confirm('042917') },
  enterDownloadPin: { sdk: "gallery.enterPin(pin), and createGalleryClient({pin}) when a download needs it", call: (m) => m.gallery().enterPin('1234') },
};

/** Operations the SDK does not offer, on purpose. */
const EXCLUDED: Record<string, readonly string[]> = {
  'HTML pages, their assets and the forms they post (a browser, not a program, uses them)': [
    'getAppStylesheet', 'getHomePage', 'getLoginPage', 'webLogin', 'webLogout', 'getGalleryAsset', 'getVisitorLoginPage', 'getGalleryViewerPage',
    'openCollectionLink', 'getSecurityPage', 'endSessionFromSecurityPage', 'revokeOtherSessionsFromSecurityPage', 'changeSignInAlertsFromSecurityPage', 'getPasswordResetScript',
    'getPasswordResetPage', 'webRequestPasswordReset', 'getPasswordResetCompletePage', 'webCompletePasswordReset', 'getStudioPageAsset',
    'getMembersPage', 'getInvitationPage', 'getAuditLogPage',
    'getStudioGalleryPage', 'getNewCollectionPage', 'getCollectionPage', 'getCollectionQrCode', 'getCollectionActivityPage', 'getAccountPage', 'getClientsPage',
  ],
  'first-run setup: once per installation, with the setup token the server prints, through its page': ['getSetupPage', 'completeSetup'],
  'the API documentation itself (the SDK is generated from it)': [
    'getHelp', 'getOpenApiDocument', 'getRedocPage', 'getRedocScript', 'getSwaggerUi', 'getSwaggerUiIndex', 'getSwaggerUiInitializer',
    'getSwaggerUiJson', 'getSwaggerUiYaml', 'getSwaggerUiAsset', 'headSwaggerUiAsset',
  ],
  'probes and metrics for orchestrators and Prometheus': ['getLiveness', 'getReadiness', 'getMetrics'],
  'the SDK keeps the CSRF token from the login answer; this serves pages that lost theirs': ['getCsrfToken'],
};

/** What the recording fetch answers: enough for every method to finish. */
function answer(path: string, method = 'GET'): Response {
  const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  if (path === '/galleries/login') return json(201, { data: { collection: {}, email: 'v@b.test', csrf_token: 'csrf' } });
  if (path.startsWith('/api/auth/token/')) return json(200, { access: 'e30.e30.sig', refresh: 'r' });
  if (/\/(thumbnail|medium|web|original|download|archive)$/.test(path) || (method === 'GET' && path.endsWith('/watermark/logo'))) return new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { 'content-type': 'application/octet-stream' } });
  return json(200, { data: [], meta: { current_page: 1 }, links: { next: null }, next_cursor: null, csrf_token: 'csrf', token: 'token' });
}

function toOperation(id: string, method: string, template: string): Operation {
  const source = template.split('/').map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/');
  return { id, method: method.toUpperCase(), template, pattern: new RegExp(`^${source}$`), params: (template.match(/\{/g) ?? []).length };
}

/** The operation a request is: the matching template with the fewest parameters (/members/me before /members/{user_id}). */
function operationOf(operations: readonly Operation[], method: string, path: string): string | undefined {
  const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return operations.filter((op) => op.method === method && op.pattern.test(bare)).sort((a, b) => a.params - b.params)[0]?.id;
}

describe('SDK coverage of the OpenAPI document', () => {
  let operations: Operation[];
  before(async () => {
    await withTestApp({ metrics: { enabled: true }, auth: { basic: { enabled: true } } }, async (t) => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/schema' })).json() as { paths: Record<string, Record<string, { operationId: string }>> };
      operations = Object.entries(doc.paths).flatMap(([template, item]) => Object.entries(item).map(([method, op]) => toOperation(op.operationId, method, template)));
    });
  });

  test('every operation is reached by an SDK method or excluded with a reason, and the lists name only real operations', () => {
    const excluded = Object.values(EXCLUDED).flat();
    const ids = new Set(operations.map((op) => op.id));
    assert.ok(ids.size > 100, `the whole document (${ids.size} operations)`);
    const missing = [...ids].filter((id) => !(id in COVERED) && !excluded.includes(id));
    assert.deepEqual(missing, [], 'operations with neither an SDK method (COVERED) nor a reason (EXCLUDED); add one');
    assert.deepEqual(Object.keys(COVERED).filter((id) => !ids.has(id)), [], 'COVERED names operations that no longer exist');
    assert.deepEqual(excluded.filter((id) => !ids.has(id)), [], 'EXCLUDED names operations that no longer exist');
    assert.deepEqual(excluded.filter((id) => id in COVERED), [], 'an operation is either covered or excluded');
    assert.equal(new Set(excluded).size, excluded.length, 'no exclusion twice');
  });

  test('each covered operation is the request its SDK call sends', async () => {
    const wrong: string[] = [];
    for (const [id, { sdk, call }] of Object.entries(COVERED)) {
      const sent: string[] = [];
      const recording = async (input: string, init: RequestInit): Promise<Response> => {
        const { pathname } = new URL(input);
        sent.push(operationOf(operations, init.method ?? 'GET', pathname) ?? `(no operation) ${init.method} ${pathname}`);
        return answer(pathname, init.method ?? 'GET');
      };
      const make: Make = {
        client: (auth = { type: 'session', email: 'a@b.test', password: 'pw' }) => createClient({ baseUrl: BASE, auth, fetch: recording, files: discardFiles }),
        gallery: () => createGalleryClient({ baseUrl: BASE, collection: 'c', email: 'v@b.test', fetch: recording, files: discardFiles }),
        anonymous: { baseUrl: BASE, fetch: recording },
      };
      try {
        await call(make);
      } catch (err) {
        wrong.push(`${id} (${sdk}) threw ${String(err)}`);
        continue;
      }
      if (!sent.includes(id)) wrong.push(`${id} (${sdk}) sent ${sent.join(', ') || 'nothing'}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('the bare helpers reach what they say: obtainToken() a token-mode login, acceptInvitationWithNewAccount() acceptInvitation', async () => {
    const sent: string[] = [];
    const fetch = async (input: string, init: RequestInit): Promise<Response> => {
      sent.push(operationOf(operations, init.method ?? 'GET', new URL(input).pathname) ?? '?');
      return answer(new URL(input).pathname);
    };
    await obtainToken({ baseUrl: BASE, fetch, email: 'a@b.test', password: 'pw' });
    await acceptInvitationWithNewAccount({ baseUrl: BASE, fetch, token: 't', account: { username: 'newbie', password: 'pw' } });
    assert.deepEqual(sent, ['login', 'acceptInvitation']);
  });
});

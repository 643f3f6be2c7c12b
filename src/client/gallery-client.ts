// createGalleryClient: the gallery-visitor side of the API (what a studio's client sees through a share link), on
// the same transport as the studio client: a visitor session, its CSRF token, one new login after a 401, and
// backoff on 429/503.
import { Transport, type CallOptions, type FetchFunction } from './transport.ts';
import { retryPolicy, type RetryOptions } from './retry.ts';
import { LightboxError } from './errors.ts';
import { noFileAccess, type FileAccess } from './files.ts';
import { items, paginate } from './pagination.ts';
import { createVisitorAuth, type VisitorAuth } from './auth-visitor.ts';
import { favoriteListsAPI, favoritesAPI, notesAPI, submitSelection, type FavoriteListsAPI, type FavoritesAPI, type NotesAPI } from './visitor-resources.ts';
import { visitorDownloadsAPI, type VisitorDownloadsAPI } from './visitor-downloads.ts';
import type { EmailConfirmation, Page, PageQuery, Selection, VisitorCollection, VisitorGallery, VisitorLogin, VisitorPhoto, VisitorPhotoQuery } from './types.ts';

export interface GalleryClientOptions {
  /** The server, e.g. http://127.0.0.1:8080. */
  baseUrl: string;
  /** The collection's id (co_…) or slug, as in its share link /galleries/<slug>. */
  collection: string;
  email: string;
  /** The collection's password, when it has one. */
  password?: string;
  /** The download PIN: entered by itself when a download needs it. Without it, 403 download_pin_required is thrown. */
  pin?: string;
  retry?: RetryOptions;
  /** Defaults to the global fetch. */
  fetch?: FetchFunction;
  /** In a browser, 'include' for a Lightbox on another origin (listed in its cors.origins); the browser keeps the cookie. */
  credentials?: RequestInit['credentials'];
  /** How paths are written: Node's file system from the Node entry; none in a browser. */
  files?: FileAccess;
  /** Sent as X-Api-Key when the server requires application keys on the gallery API. */
  appKey?: string;
}

export interface GalleryClient extends VisitorDownloadsAPI {
  readonly scheme: 'visitor';
  /** Logs in now and answers with the collection; every other call logs in by itself when it needs to. */
  login(options?: CallOptions): Promise<Omit<VisitorLogin, 'csrf_token'>>;
  /** Ends the visitor session on the server and forgets it here. */
  logout(options?: CallOptions): Promise<void>;
  /** The collection with its counts and this session's delivery state (PIN entered, originals used). */
  collection(options?: CallOptions): Promise<VisitorCollection>;
  /** The galleries a visitor may see (private ones are hidden). */
  galleries(query?: PageQuery, options?: CallOptions): Promise<Page<VisitorGallery>>;
  iterateGalleries(query?: PageQuery, options?: CallOptions): AsyncGenerator<VisitorGallery, void, undefined>;
  /** Oldest first, by page number or (with `limit`) by cursor; each photo with `favorite`, `lists` and `note`. */
  photos(galleryId: string, query?: VisitorPhotoQuery, options?: CallOptions): Promise<Page<VisitorPhoto>>;
  iteratePhotos(galleryId: string, query?: VisitorPhotoQuery, options?: CallOptions): AsyncGenerator<VisitorPhoto, void, undefined>;
  photo(photoId: string, options?: CallOptions): Promise<VisitorPhoto>;
  /** The default list, "Favorites". */
  readonly favorites: FavoritesAPI;
  readonly favoriteLists: FavoriteListsAPI;
  readonly notes: NotesAPI;
  /** "Send my selection": the list as it is now goes to the studio. */
  submitSelection(listId: string, options?: CallOptions): Promise<Selection>;
  /**
   * A collection with `require_email_confirmation` answers favorites and downloads with 403
   * email_confirmation_required until the code mailed to the visitor's address is entered here.
   */
  readonly emailConfirmation: EmailConfirmationAPI;
}

export interface EmailConfirmationAPI {
  status(options?: CallOptions): Promise<EmailConfirmation>;
  /** Mails a new code (429 rate_limited when asked again too soon; 409 when the collection does not ask for one). */
  requestCode(options?: CallOptions): Promise<EmailConfirmation>;
  /** 403 email_code_invalid (with details.attempts_left), email_code_exhausted; 400 email_code_expired. */
  confirm(code: string, options?: CallOptions): Promise<EmailConfirmation>;
}

export function createGalleryClient(options: GalleryClientOptions): GalleryClient {
  const transport = new Transport<VisitorAuth>(
    { baseUrl: options.baseUrl, fetch: options.fetch ?? ((input, init) => fetch(input, init)), retry: retryPolicy(options.retry), appKey: options.appKey, credentials: options.credentials },
    (send) => createVisitorAuth({ collection: options.collection, email: options.email, ...(options.password !== undefined ? { password: options.password } : {}) }, send),
  );
  const auth = transport.auth;
  const base = '/api/v1/gallery';
  const seg = (id: string): string => encodeURIComponent(id);
  const photosPath = (galleryId: string): string => `${base}/galleries/${seg(galleryId)}/photos`;
  return {
    scheme: 'visitor',
    async login(call = {}) {
      const { csrf_token: _csrf, ...opened } = await auth.login(call.signal);
      return opened;
    },
    async logout(call = {}): Promise<void> {
      if (!auth.active()) return;
      try {
        await transport.send({ method: 'POST', path: '/galleries/logout', reauthenticate: false, ...call });
      } catch (err) {
        if (!(err instanceof LightboxError && err.status === 401)) throw err; // already ended on the server
      } finally {
        auth.forget();
      }
    },
    collection: async (call = {}) => (await transport.json<{ data: VisitorCollection }>({ method: 'GET', path: `${base}/collection`, ...call })).data,
    galleries: (query = {}, call = {}) => transport.json<Page<VisitorGallery>>({ method: 'GET', path: `${base}/galleries`, query, ...call }),
    iterateGalleries: (query = {}, call = {}) => items(paginate<VisitorGallery>(transport, `${base}/galleries`, query, call)),
    photos: (galleryId, query = {}, call = {}) => transport.json<Page<VisitorPhoto>>({ method: 'GET', path: photosPath(galleryId), query, ...call }),
    iteratePhotos: (galleryId, query = {}, call = {}) => items(paginate<VisitorPhoto>(transport, photosPath(galleryId), query, call)),
    photo: async (photoId, call = {}) => (await transport.json<{ data: VisitorPhoto }>({ method: 'GET', path: `${base}/photos/${seg(photoId)}`, ...call })).data,
    favorites: favoritesAPI(transport),
    favoriteLists: favoriteListsAPI(transport),
    notes: notesAPI(transport),
    submitSelection: (listId, call = {}) => submitSelection(transport, listId, call),
    emailConfirmation: {
      status: async (call = {}) => (await transport.json<{ data: EmailConfirmation }>({ method: 'GET', path: `${base}/email-confirmation`, ...call })).data,
      requestCode: async (call = {}) => (await transport.json<{ data: EmailConfirmation }>({ method: 'POST', path: `${base}/email-confirmation`, ...call })).data,
      confirm: async (code, call = {}) => (await transport.json<{ data: EmailConfirmation }>({ method: 'POST', path: `${base}/email-confirmation/confirm`, json: { code }, ...call })).data,
    },
    ...visitorDownloadsAPI(transport, options.files ?? noFileAccess, options.pin),
  };
}

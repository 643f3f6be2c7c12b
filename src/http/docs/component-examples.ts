// issue #21: the schemas the OpenAPI document names (where each is defined) and an example of each.
// Order matters: a schema nested in another (User in TokenLoginResponse) is named first, so the outer one refers to it.

export interface NamedComponent {
  name: string;
  /** "METHOD /documented/path" of an operation that defines the schema; absent for schemas hoisted by their `$id`. */
  operation?: string;
  /** JSON pointer to the schema inside that operation. */
  pointer?: string;
  example?: unknown;
}

const JSON_BODY = 'requestBody/content/application~1json/schema';
const OK = 'responses/200/content/application~1json/schema';

const USER = { id: 'us_4FqX2mLk9TzR1bWcYp7dNe', username: 'ada', email: 'ada@studio.example', first_name: 'Ada', last_name: 'Lovelace' };
const STUDIO = { id: 'st_8KjV3nQw5HsL0cXrZt2mBa', name: 'Northlight Studio', slug: 'northlight', role: 'owner' };
const PHOTO_BASE = '/api/v1/photos/ph_2GhT7pWq4ZxN9vLs1KdRcm';
const VISITOR_PHOTO_BASE = '/api/v1/gallery/photos/ph_2GhT7pWq4ZxN9vLs1KdRcm';
/** The sizes of a 6000 × 4000 photo, for srcset. */
const imagesOf = (base: string): unknown[] => [
  { size: 'thumbnail', width: 400, height: 267, url: `${base}/thumbnail`, webp_url: `${base}/thumbnail?format=webp` },
  { size: 'medium', width: 1024, height: 683, url: `${base}/medium`, webp_url: `${base}/medium?format=webp` },
  { size: 'web', width: 2048, height: 1365, url: `${base}/web`, webp_url: `${base}/web?format=webp` },
];
const WATERMARK = {
  watermark: { mode: 'text', text: '© Northlight Studio', position: 'bottom-right', opacity: 0.5, scale: 0.25, logo: null, updated_at: '2026-06-20T18:45:00.000Z' },
  watermark_render: { done: 120, total: 148 },
};

export const COMPONENTS: readonly NamedComponent[] = [
  {
    name: 'Error', operation: 'GET /api/auth/me', pointer: 'responses/4XX/content/application~1json/schema',
    example: { error: 'Not Found', message: 'Client not found', code: 'not_found', request_id: 'req-7f3a9c' },
  },
  { name: 'User', operation: 'POST /api/auth/login', pointer: `${OK}/properties/user`, example: USER },
  { name: 'Studio', operation: 'POST /api/auth/login', pointer: `${OK}/properties/studios/items`, example: STUDIO },
  {
    name: 'LoginRequest', operation: 'POST /api/auth/login', pointer: JSON_BODY,
    example: { email: 'ada@studio.example', password: 'correct horse battery staple', mode: 'token' },
  },
  {
    name: 'TokenLoginResponse', operation: 'POST /api/auth/login', pointer: OK,
    example: { token: 'q1Vb8mZ3xN0pR5sT7uW9yA2cE4gI6kM8oQ0sU2wY4a0', expires_at: '2026-12-18T10:00:00.000Z', user: USER, studios: [STUDIO] },
  },
  {
    name: 'TokenObtainRequest', operation: 'POST /api/auth/token/obtain', pointer: JSON_BODY,
    example: { email: 'ada@studio.example', password: 'correct horse battery staple' },
  },
  {
    name: 'TokenPair', operation: 'POST /api/auth/token/obtain', pointer: OK,
    example: {
      access: 'eyJhbGciOiJFZERTQSIsImtpZCI6ImprXzEifQ.eyJzdWIiOiJ1c180RnEifQ.c2lnbmF0dXJl',
      refresh: 'rf_9QwE3rT5yU7iO1pA3sD5fG.Zx8Cv6Bn4Mq2Wl0Ek9Rj7Th5',
      csrf_token: 'Yk3mP8qR2sV6wX0zA4cF7hJ1',
      studios: [STUDIO],
    },
  },
  {
    name: 'TokenRefreshRequest', operation: 'POST /api/auth/token/refresh', pointer: JSON_BODY,
    example: { refresh: 'rf_9QwE3rT5yU7iO1pA3sD5fG.Zx8Cv6Bn4Mq2Wl0Ek9Rj7Th5' },
  },
  {
    name: 'PasswordResetRequest', operation: 'POST /api/auth/password-reset', pointer: JSON_BODY,
    example: { email: 'ada@studio.example' },
  },
  {
    name: 'PasswordResetCompleteRequest', operation: 'POST /api/auth/password-reset/complete', pointer: JSON_BODY,
    example: { token: 'Qm9vdHN0cmFwVG9rZW5FeGFtcGxlMDEyMzQ1Njc4OQ', password: 'a new long passphrase', revoke_personal_access_tokens: false },
  },
  {
    name: 'Client', operation: 'GET /api/v1/clients/{id}', pointer: `${OK}/properties/data`,
    example: {
      id: 'cl_5RtY8uI2oP4aS6dF8gH0jK', email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper', phone: '+44 20 7946 0000',
      type: 'client', status_name: 'Booked', notes: 'Wedding on 12 June', created_at: '2026-11-02T09:30:00.000Z', updated_at: '2026-11-20T16:05:00.000Z',
    },
  },
  {
    name: 'ClientInput', operation: 'POST /api/v1/clients', pointer: JSON_BODY,
    example: { email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper', type: 'client', status_name: 'Booked' },
  },
  {
    name: 'CoverPhoto', operation: 'GET /api/v1/collections/{id}', pointer: `${OK}/properties/data/properties/cover_photo/anyOf/0`,
    example: { id: 'ph_2GhT7pWq4ZxN9vLs1KdRcm', thumbnail_url: `${PHOTO_BASE}/thumbnail`, web_url: `${PHOTO_BASE}/web` },
  },
  {
    name: 'Collection', operation: 'GET /api/v1/collections/{id}', pointer: `${OK}/properties/data`,
    example: {
      id: 'co_3LkJ9hG7fD5sA1qW3eR5tY', name: 'Hopper wedding', slug: 'hopper-wedding', description: 'Ceremony and reception',
      event_date: '2026-06-12', cover_photo: { id: 'ph_2GhT7pWq4ZxN9vLs1KdRcm', thumbnail_url: `${PHOTO_BASE}/thumbnail`, web_url: `${PHOTO_BASE}/web` },
      password_protected: true, expiry_date: '2027-06-12', expired: false, status: 'published', downloadable: 'web-size', download_pin_protected: true, original_download_limit: 25,
      gallery_count: 2, photo_count: 148,
      visitor_login_url: '/galleries/login?collection=hopper-wedding', created_at: '2026-06-13T08:00:00.000Z', updated_at: '2026-06-20T18:45:00.000Z',
      ...WATERMARK,
      require_email_confirmation: false,
    },
  },
  {
    name: 'CollectionInput', operation: 'POST /api/v1/collections', pointer: JSON_BODY,
    example: {
      name: 'Hopper wedding', event_date: '2026-06-12', password: 'june-12', downloadable: 'original', download_pin: '4821',
      original_download_limit: 25, client_emails: ['grace@example.com'], require_email_confirmation: true,
      watermark: { mode: 'text', text: '© Northlight Studio', position: 'bottom-right', opacity: 0.5, scale: 0.25 },
    },
  },
  {
    name: 'Gallery', operation: 'GET /api/v1/galleries/{id}', pointer: `${OK}/properties/data`,
    example: {
      id: 'ga_6MnB4vC2xZ0lK8jH6gF4dS', collection_id: 'co_3LkJ9hG7fD5sA1qW3eR5tY', name: 'Ceremony', description: '', private: false,
      position: 0, photo_count: 96, created_at: '2026-06-13T08:05:00.000Z', updated_at: '2026-06-13T08:05:00.000Z',
    },
  },
  {
    name: 'GalleryInput', operation: 'POST /api/v1/collections/{id}/galleries', pointer: JSON_BODY,
    example: { name: 'Ceremony', private: false, position: 0 },
  },
  {
    name: 'Photo', operation: 'GET /api/v1/photos/{id}', pointer: `${OK}/properties/data`,
    example: {
      id: 'ph_2GhT7pWq4ZxN9vLs1KdRcm', gallery_id: 'ga_6MnB4vC2xZ0lK8jH6gF4dS', collection_id: 'co_3LkJ9hG7fD5sA1qW3eR5tY',
      filename: 'IMG_0421.jpg', content_type: 'image/jpeg', size: 4821337, width: 6000, height: 4000, taken_at: '2026-06-12T14:21:09.000Z',
      created_at: '2026-06-13T08:10:00.000Z', thumbnail_url: `${PHOTO_BASE}/thumbnail`, medium_url: `${PHOTO_BASE}/medium`, web_url: `${PHOTO_BASE}/web`,
      original_url: `${PHOTO_BASE}/original`, images: imagesOf(PHOTO_BASE),
    },
  },
  {
    name: 'PageMeta', operation: 'GET /api/v1/clients', pointer: `${OK}/properties/meta/anyOf/0`,
    example: { current_page: 1, per_page: 25, total: 1, total_pages: 1 },
  },
  {
    name: 'CursorMeta', operation: 'GET /api/v1/clients', pointer: `${OK}/properties/meta/anyOf/1`,
    example: { limit: 25, next_cursor: null },
  },
  {
    name: 'PageLinks', operation: 'GET /api/v1/clients', pointer: `${OK}/properties/links`,
    example: { next: null, prev: null },
  },
  {
    name: 'VisitorGallery', operation: 'GET /api/v1/gallery/galleries', pointer: `${OK}/properties/data/items`,
    example: { id: 'ga_6MnB4vC2xZ0lK8jH6gF4dS', name: 'Ceremony', description: '', position: 0, photo_count: 96 },
  },
  {
    name: 'VisitorPhoto', operation: 'GET /api/v1/gallery/photos/{id}', pointer: `${OK}/properties/data`,
    example: {
      id: 'ph_2GhT7pWq4ZxN9vLs1KdRcm', gallery_id: 'ga_6MnB4vC2xZ0lK8jH6gF4dS', collection_id: 'co_3LkJ9hG7fD5sA1qW3eR5tY',
      filename: 'IMG_0421.jpg', content_type: 'image/jpeg', size: 4821337, width: 6000, height: 4000, taken_at: '2026-06-12T14:21:09.000Z',
      created_at: '2026-06-13T08:10:00.000Z', thumbnail_url: `${VISITOR_PHOTO_BASE}/thumbnail`, medium_url: `${VISITOR_PHOTO_BASE}/medium`,
      web_url: `${VISITOR_PHOTO_BASE}/web`, original_url: null, images: imagesOf(VISITOR_PHOTO_BASE), favorite: true,
      lists: ['fl_7RtY2uI4oP6aS8dF0gH2jK', 'fl_1QwE3rT5yU7iO9pA1sD3fG'], note: 'Could this one be a little warmer?',
    },
  },
  {
    name: 'FavoriteList', operation: 'GET /api/v1/gallery/favorite-lists/{id}', pointer: `${OK}/properties/data`,
    example: { id: 'fl_1QwE3rT5yU7iO9pA1sD3fG', name: 'Album', default: false, photo_count: 32, created_at: '2026-06-20T19:02:00.000Z', updated_at: '2026-06-21T08:15:00.000Z' },
  },
  {
    name: 'Selection', operation: 'POST /api/v1/gallery/favorite-lists/{id}/send', pointer: 'responses/201/content/application~1json/schema/properties/data',
    example: {
      id: 'fs_5TgB7yH9uJ1kL3zX5cV7bN', list_id: 'fl_1QwE3rT5yU7iO9pA1sD3fG', list_name: 'Album', email: 'grace@example.com', photo_count: 2,
      photo_ids: ['ph_2GhT7pWq4ZxN9vLs1KdRcm', 'ph_8JkL0mNb2VcX4zAq6WsEdR'], created_at: '2026-06-21T08:20:00.000Z',
    },
  },
  {
    name: 'Delivery', operation: 'POST /api/v1/gallery/download-pin', pointer: `${OK}/properties/data`,
    example: { download_pin_protected: true, download_pin_entered: true, original_download_limit: 25, original_downloads_used: 3 },
  },
  {
    name: 'ListedFavorite', operation: 'GET /api/v1/collections/{id}/favorites', pointer: `${OK}/properties/data/items`,
    example: {
      photo_id: 'ph_2GhT7pWq4ZxN9vLs1KdRcm', gallery_id: 'ga_6MnB4vC2xZ0lK8jH6gF4dS', filename: 'IMG_0421.jpg', email: 'grace@example.com',
      list_id: 'fl_1QwE3rT5yU7iO9pA1sD3fG', list_name: 'Album', default_list: false, note: 'Could this one be a little warmer?', created_at: '2026-06-20T19:05:00.000Z',
    },
  },
  { name: 'VisitorPhotoPage', operation: 'GET /api/v1/gallery/galleries/{id}/photos', pointer: OK },
  { name: 'VisitorCollection', operation: 'GET /api/v1/gallery/collection', pointer: `${OK}/properties/data` },
  {
    name: 'LoginResponse', operation: 'POST /api/auth/login', pointer: 'responses/201/content/application~1json/schema',
    example: { user: USER, csrf_token: 'Yk3mP8qR2sV6wX0zA4cF7hJ1', studios: [STUDIO] },
  },
  {
    name: 'StudioSettings', operation: 'GET /api/v1/studio/settings', pointer: `${OK}/properties/data`,
    example: { timezone: 'Europe/London', currency: 'GBP', default_downloadable: 'web-size' },
  },
  { name: 'Session', operation: 'GET /api/v1/account/sessions', pointer: `${OK}/properties/data/items` },
  {
    name: 'Account', operation: 'GET /api/v1/account', pointer: `${OK}/properties/data`,
    example: { ...USER, notify_new_sign_in: true },
  },
  {
    name: 'NotifyClientsRequest', operation: 'POST /api/v1/collections/{id}/notify-clients', pointer: JSON_BODY,
    example: { emails: ['grace@example.com'], message: 'Your photos are ready. The album selection is open until the end of the month.' },
  },
  {
    name: 'NotifiedClients', operation: 'POST /api/v1/collections/{id}/notify-clients', pointer: 'responses/202/content/application~1json/schema/properties/data',
    example: { queued: 2, emails: ['grace@example.com', 'alan@example.com'] },
  },
  {
    name: 'EmailCodeRequest', operation: 'POST /api/v1/gallery/email-confirmation/confirm', pointer: JSON_BODY,
    example: { code: '042917' },
  },
  {
    name: 'EmailConfirmation', operation: 'GET /api/v1/gallery/email-confirmation', pointer: `${OK}/properties/data`,
    example: { required: true, confirmed: false, email: 'grace@example.com', code_expires_at: '2026-06-21T08:30:00.000Z', attempts_left: 5, resend_in_seconds: 42 },
  },
  {
    name: 'Member', operation: 'GET /api/v1/members', pointer: `${OK}/properties/data/items`,
    example: {
      user_id: 'us_4FqX2mLk9TzR1bWcYp7dNe', username: 'ada', email: 'ada@studio.example', first_name: 'Ada', last_name: 'Lovelace',
      role: 'owner', joined_at: '2026-01-05T09:00:00.000Z',
    },
  },
  {
    name: 'MembershipEnded', operation: 'DELETE /api/v1/members/{user_id}', pointer: OK,
    example: { removed: true, sessions_ended: 2, personal_access_tokens_revoked: 1 },
  },
  {
    name: 'InvitationAccepted', operation: 'POST /api/auth/invitations/accept', pointer: OK,
    example: { studio: { ...STUDIO, role: 'member' }, user: USER, csrf_token: 'Yk3mP8qR2sV6wX0zA4cF7hJ1' },
  },
  {
    name: 'Invitation', operation: 'GET /api/v1/invitations', pointer: `${OK}/properties/data/items`,
    example: {
      id: 'iv_7Hs2Kd9LmQ4xR1tVw8ZbNc', role: 'member', email: 'grace@studio.example', invited_by: 'us_4FqX2mLk9TzR1bWcYp7dNe',
      created_at: '2026-11-30T10:00:00.000Z', expires_at: '2026-12-07T10:00:00.000Z',
    },
  },
  { name: 'CreatedAccessToken', operation: 'POST /api/v1/access-tokens', pointer: 'responses/201/content/application~1json/schema/properties/data' },
  { name: 'CreatedAppKey', operation: 'POST /api/v1/app-keys', pointer: 'responses/201/content/application~1json/schema/properties/data' },
  { name: 'Notification', operation: 'GET /api/v1/notifications/all', pointer: `${OK}/properties/data/items` },
  { name: 'SetupRequest', operation: 'POST /setup', pointer: 'requestBody/content/application~1x-www-form-urlencoded/schema' },
  {
    name: 'VisitorLoginRequest', operation: 'POST /galleries/login', pointer: JSON_BODY,
    example: { email: 'guest@example.com', collection: 'hopper-wedding', password: 'june-12' },
  },
];

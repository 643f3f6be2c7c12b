// issue #21: one sentence per tag for the document's top-level tag list (Redoc and Swagger UI show them as section intros).

export const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  auth: 'Log in and out with a cookie session, token mode or JWTs, see the current principal, switch studios and get CSRF tokens.',
  account: "The signed-in user's own account: sessions, bootstrap data and sign-out elsewhere.",
  credentials: 'Personal access tokens and application keys, whose secrets are shown once at creation.',
  audit: "The studio's audit log of logins, credentials and other security events (owners and admins).",
  members: "The studio's members and the sessions they hold (owners and admins).",
  notifications: "The active studio's notifications and their read state.",
  studio: "The active studio's settings.",
  clients: "The studio's clients and leads.",
  collections: 'Collections of galleries shared with clients, with their access list and visitor activity.',
  galleries: 'Galleries inside a collection.',
  photos: 'Photo upload, metadata and the image files at each size.',
  gallery: 'The gallery-visitor API, authenticated by the visitor session cookie rather than studio credentials.',
  health: 'Liveness and readiness probes for load balancers and orchestrators.',
  docs: 'This documentation: /api/help, the OpenAPI document, Swagger UI and Redoc.',
  pages: 'Server-rendered HTML pages and their assets, meant for browsers rather than API clients.',
};

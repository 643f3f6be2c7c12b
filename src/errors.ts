// The one error vocabulary: every client-visible failure is an AppError with a stable snake_case code.

export const ERROR_STATUS = {
  bad_request: 400,
  invalid_url: 400,
  invalid_json: 400,
  invalid_id_format: 400,
  ambiguous_credentials: 400,
  weak_password: 400,
  reset_link_invalid: 400,
  invitation_invalid: 400,
  empty_selection: 400,
  no_client_access_list: 400,
  email_code_expired: 400,
  authentication_required: 401,
  session_invalid: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  basic_auth_disabled: 401,
  api_key_required: 401,
  invalid_api_key: 401,
  https_required: 403,
  insufficient_scope: 403,
  reauth_required: 403,
  studio_access_denied: 403,
  csrf_failed: 403,
  origin_rejected: 403,
  insufficient_permissions: 403,
  setup_unavailable: 403,
  visitor_forbidden: 403,
  collection_expired: 403,
  invitation_email_mismatch: 403,
  download_not_allowed: 403,
  download_pin_required: 403,
  download_pin_invalid: 403,
  download_limit_reached: 403,
  email_confirmation_required: 403,
  email_code_invalid: 403,
  email_code_exhausted: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  request_timeout: 408,
  conflict: 409,
  last_owner: 409,
  invitation_expired: 410,
  invitation_used: 410,
  invitation_revoked: 410,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  validation_failed: 422,
  note_too_long: 422,
  invalid_image: 422,
  empty_archive: 422,
  image_too_large: 422,
  invalid_watermark_logo: 422,
  too_many_attempts: 429,
  account_locked: 429,
  rate_limited: 429,
  app_key_quota_exceeded: 429,
  headers_too_large: 431,
  internal_error: 500,
  unavailable: 503,
  overloaded: 503,
  insufficient_storage: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  invalid_url: 'The request URL is malformed',
  invalid_json: 'Request body is not valid JSON',
  invalid_id_format: 'Identifier has the wrong format',
  ambiguous_credentials: 'Request carries more than one credential',
  weak_password: 'Password does not meet the password policy',
  reset_link_invalid: 'This password reset link is invalid, has expired or has already been used',
  invitation_invalid: 'This invitation link is not valid',
  empty_selection: 'This list has no photos to send',
  no_client_access_list: 'This collection has no client access list: add client_emails to the collection first',
  email_code_expired: 'There is no code to enter: it expired or was never sent. Ask for a new one',
  authentication_required: 'Authentication required',
  session_invalid: 'Session expired or invalid',
  invalid_credentials: 'Invalid credentials',
  invalid_token: 'Access token is invalid or expired',
  basic_auth_disabled: 'HTTP Basic authentication is not enabled on this server',
  api_key_required: 'An application key is required in the X-Api-Key header',
  invalid_api_key: 'The application key in the X-Api-Key header is invalid or revoked',
  https_required: 'HTTP Basic authentication is only accepted over HTTPS',
  insufficient_scope: 'The access token does not grant the scope this request needs',
  reauth_required: 'Confirm your password (current_password) or log in again to do this',
  studio_access_denied: 'You are not a member of that studio',
  csrf_failed: 'CSRF token missing or invalid',
  origin_rejected: 'Cross-site request refused',
  insufficient_permissions: 'Insufficient permissions',
  setup_unavailable: 'Setup link is invalid or has already been used',
  visitor_forbidden: 'A gallery visitor session cannot use the Studio API',
  collection_expired: 'This collection has expired and is no longer available',
  invitation_email_mismatch: 'This invitation is for another email address',
  download_not_allowed: 'Downloads of this size are not allowed for this collection',
  download_pin_required: 'Enter the download PIN first (POST /api/v1/gallery/download-pin)',
  download_pin_invalid: 'The download PIN is not correct',
  download_limit_reached: 'You have reached the number of original downloads this collection allows',
  email_confirmation_required: 'Confirm your email address first: ask for a code (POST /api/v1/gallery/email-confirmation) and enter it',
  email_code_invalid: 'That code is not right',
  email_code_exhausted: 'Too many wrong codes: ask for a new one',
  not_found: 'Not found',
  route_not_found: 'Route not found',
  method_not_allowed: 'Method not allowed',
  not_acceptable: 'Not acceptable',
  request_timeout: 'The request took too long to arrive',
  conflict: 'Conflict',
  last_owner: 'The studio must keep at least one owner: make someone else an owner first',
  invitation_expired: 'This invitation has expired; ask the studio for a new one',
  invitation_used: 'This invitation has already been used',
  invitation_revoked: 'This invitation was withdrawn by the studio',
  payload_too_large: 'Request body is too large',
  uri_too_long: 'The request URL is too long',
  unsupported_media_type: 'Unsupported content type',
  range_not_satisfiable: 'Requested range not satisfiable',
  validation_failed: 'Request validation failed',
  note_too_long: 'The note is too long',
  empty_archive: 'There are no photos to put in this archive',
  invalid_image: 'File is not a supported image (JPEG, PNG, WebP, HEIC or AVIF)',
  image_too_large: 'Image dimensions exceed the allowed number of pixels',
  invalid_watermark_logo: 'The watermark logo must be a PNG, JPEG or WebP image',
  too_many_attempts: 'Too many attempts, try again later',
  account_locked: 'Account locked after too many failed attempts; an administrator must unlock it',
  rate_limited: 'Too many requests from this client, slow down',
  app_key_quota_exceeded: 'This application key has used its request quota; wait for the next window',
  headers_too_large: 'The request headers are too large',
  internal_error: 'Internal server error',
  unavailable: 'Service temporarily unavailable',
  overloaded: 'Server is busy, try again shortly',
  insufficient_storage: 'The server has no room left to store this; try again later',
};

export type ErrorDetails = Record<string, unknown>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails | undefined;
  /** Seconds a client should wait before retrying (429 and 503). */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message?: string, options: { details?: ErrorDetails; retryAfter?: number; cause?: unknown } = {}) {
    super(message ?? DEFAULT_MESSAGES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = options.details;
    this.retryAfter = options.retryAfter === undefined ? undefined : Math.max(1, Math.ceil(options.retryAfter));
  }
}

export function defaultMessage(code: ErrorCode): string {
  return DEFAULT_MESSAGES[code];
}

// Normalization and validation of emails, usernames and studio names, so visually equal inputs map to one account.

/** NFKC, trimmed, lower-cased: the key logins and uniqueness use (R47: no shadow accounts). */
export function loginKey(identifier: string): string {
  return identifier.normalize('NFKC').trim().toLowerCase();
}

// Printable, no whitespace, controls, bidi or zero-width characters.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\s]/u;
const EMAIL = /^[^@]{1,64}@[^@.]+(\.[^@.]+)+$/u;
const USERNAME = /^[a-z0-9](?:[a-z0-9._-]{1,62}[a-z0-9])?$/;

export function emailProblem(email: string): string | null {
  const key = loginKey(email);
  if (key.length > 254) return 'Email is too long';
  if (FORBIDDEN.test(key) || !EMAIL.test(key)) return 'Email is not a valid address';
  return null;
}

export function usernameProblem(username: string): string | null {
  const key = loginKey(username);
  if (!USERNAME.test(key)) return 'Username must be 3–64 characters: letters, digits, ".", "_" or "-", starting and ending with a letter or digit';
  if (key.length < 3) return 'Username must be at least 3 characters long';
  return null;
}

export function nameProblem(name: string, label: string, max = 200): string | null {
  if (name.length > max) return `${label} is too long`;
  if (/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u.test(name)) return `${label} contains control characters`;
  return null;
}

export function slugify(name: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return slug || 'studio';
}

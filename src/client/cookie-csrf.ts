// What a cookie-based client credential holds: the cookies (a private jar in Node; in a browser the browser keeps them,
// since Set-Cookie is not readable there) and the CSRF token its login answered with, sent on unsafe requests. The
// studio session and the gallery visitor strategies both sign requests with one.
import { CookieJar } from './cookie-jar.ts';
import { isUnsafe, type HttpMethod } from './transport.ts';

export class CookieCredential {
  private readonly jar = new CookieJar();
  private csrf: string | null = null;

  /** Forgets the cookies and the token (before a new login, and after logout). */
  clear(): void {
    this.jar.clear();
    this.csrf = null;
  }

  /** The CSRF token of a login or studio switch. */
  useToken(token: string | null): void {
    this.csrf = token;
  }

  /** True once a login has answered with a token. */
  held(): boolean {
    return this.csrf !== null;
  }

  sign(headers: Headers, method: HttpMethod): void {
    const cookie = this.jar.header();
    if (cookie !== null) headers.set('cookie', cookie);
    if (isUnsafe(method) && this.csrf !== null) headers.set('x-csrf-token', this.csrf);
  }

  /** Keeps the cookies every response sets (the session's renewed idle clock). */
  observe(res: Response): void {
    this.jar.store(res.headers);
  }
}

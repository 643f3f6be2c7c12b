// Where links in messages point: server.publicUrl, else the address the server is listening on (known once it
// listens), else the configured host and port. Never the request's Host or X-Forwarded-Host (R42): a forged header
// must not turn a reset link into one to another site.
import type { Config } from '../config.ts';

export class LinkBase {
  private bound: string | null = null;

  constructor(private readonly config: Config) {}

  /** The address `listen` returned; only used when server.publicUrl is not set. */
  bind(address: string): void {
    this.bound = address.replace(/\/+$/, '');
  }

  url(): string {
    if (this.config.server.publicUrl !== undefined) return this.config.server.publicUrl.replace(/\/+$/, '');
    if (this.bound !== null) return this.bound;
    const host = this.config.server.host.includes(':') ? `[${this.config.server.host}]` : this.config.server.host;
    return `http://${host}:${this.config.server.port}`;
  }
}

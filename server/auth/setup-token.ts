import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The one-time link that creates the first administrator. While no admin exists, the server makes one
 * token per process and prints the link at start; the token works once, and not at all once an admin
 * exists (created through it or with the admin CLI).
 */
export class SetupToken {
  private token: string | undefined;
  private used = false;

  constructor(private readonly hasAdmin: () => boolean) {}

  /** The token to print, or undefined when setup is done. */
  issue(): string | undefined {
    if (this.used || this.hasAdmin()) return undefined;
    this.token ??= randomBytes(24).toString('base64url');
    return this.token;
  }

  get needed(): boolean {
    return !this.used && !this.hasAdmin();
  }

  /** The setup link for a base URL (`https://atelier.example`), or undefined when setup is done. */
  link(baseUrl: string): string | undefined {
    const token = this.issue();
    return token && `${baseUrl.replace(/\/$/, '')}/setup?token=${token}`;
  }

  /** True when `candidate` is the token and no admin exists yet (compared in constant time). */
  matches(candidate: string): boolean {
    if (!this.needed || !this.token) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The admin was created: the token never works again. */
  markUsed(): void {
    this.used = true;
    this.token = undefined;
  }
}

/**
 * Who a Slack user is, for the locale hint and the display name: `users.info` with `include_locale`
 * (the only way Slack tells an app a user's locale), cached per user for `ttlInMs`. Concurrent lookups of
 * one user share a call; a failed lookup is not cached and answers "unknown" (the core then detects the
 * question's language), so Slack being slow or down never fails a turn.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/ports.js';

export interface SlackUserProfile {
  /** BCP 47 ("ja-JP"); empty when unknown. */
  locale: string;
  name: string;
}

export interface SlackUserDirectoryOptions {
  client: Pick<WebClient, 'users'>;
  logger: Logger;
  ttlInMs?: number;
  maxEntries?: number;
  now?: () => number;
}

const UNKNOWN: SlackUserProfile = { locale: '', name: '' };

export class SlackUserDirectory {
  private readonly cache = new Map<string, { profile: SlackUserProfile; expiresAtInMs: number }>();
  private readonly inFlight = new Map<string, Promise<SlackUserProfile>>();
  private readonly ttlInMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: SlackUserDirectoryOptions) {
    this.ttlInMs = options.ttlInMs ?? 60 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async lookup(userId: string): Promise<SlackUserProfile> {
    const cached = this.cache.get(userId);
    if (cached && cached.expiresAtInMs > this.now()) return cached.profile;
    const running = this.inFlight.get(userId);
    if (running) return running;
    const lookup = this.fetch(userId).finally(() => this.inFlight.delete(userId));
    this.inFlight.set(userId, lookup);
    return lookup;
  }

  private async fetch(userId: string): Promise<SlackUserProfile> {
    try {
      const { user } = await this.options.client.users.info({ user: userId, include_locale: true });
      const profile = {
        locale: (user?.locale ?? '').replace(/_/g, '-'),
        name: user?.profile?.display_name || user?.real_name || user?.name || '',
      };
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
      this.cache.delete(userId);
      this.cache.set(userId, { profile, expiresAtInMs: this.now() + this.ttlInMs });
      return profile;
    } catch (err) {
      this.options.logger.warn({ err: errorCode(err), userId }, 'slack: users.info failed; no locale hint');
      return UNKNOWN;
    }
  }
}

/** The Web API's error code (never the request, which carries the token). */
export function errorCode(err: unknown): string {
  const e = err as { code?: string; data?: { error?: string }; message?: string };
  return e?.data?.error ?? e?.code ?? (err instanceof Error ? err.message : String(err));
}

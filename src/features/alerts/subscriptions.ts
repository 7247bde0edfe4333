/** Subscriptions: which conversation receives which alerts (table alert_subscriptions). */
import type { Lang } from '../../core/lang.js';
import type { Database, SqlExecutor } from '../../storage/types.js';
import { globMatches } from './glob.js';
import type { AlertEvent, AlertEventType, ConversationKey, Platform, Severity } from './types.js';

export interface SubscriptionFilter {
  /** Short registry name, lower case. */
  registry: string;
  /** Glob; default "**" (every repository). */
  repositoryPattern: string;
  /** Empty: every type. */
  eventTypes: AlertEventType[];
  /** Events of this severity or more severe pass; 4 (Sev4) lets everything through. */
  minSeverity: Severity;
}

export interface Subscription extends SubscriptionFilter {
  id: number;
  conversation: ConversationKey;
  lang: Lang;
  createdBy: string;
  createdAt: Date;
}

export interface NewSubscription extends SubscriptionFilter {
  conversation: ConversationKey;
  lang: Lang;
  createdBy: string;
}

export class ConversationNotRegisteredError extends Error {
  override readonly name = 'ConversationNotRegisteredError';
}

interface Row {
  id: number;
  platform: Platform;
  conversation_id: string;
  registry: string;
  repository_pattern: string;
  event_types: AlertEventType[];
  min_severity: number;
  lang: Lang;
  created_by: string;
  created_at: Date | string;
}

const COLUMNS =
  'id, platform, conversation_id, registry, repository_pattern, event_types, min_severity, lang, created_by, created_at';

function toSubscription(row: Row): Subscription {
  return {
    id: Number(row.id),
    conversation: { platform: row.platform, conversationId: row.conversation_id },
    registry: row.registry,
    repositoryPattern: row.repository_pattern,
    eventTypes: row.event_types,
    minSeverity: row.min_severity as Severity,
    lang: row.lang,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

/** Does this subscription want this event? */
export function subscriptionMatches(subscription: SubscriptionFilter, event: AlertEvent): boolean {
  if (!event.registry || event.registry !== subscription.registry) return false;
  if (subscription.eventTypes.length > 0 && !subscription.eventTypes.includes(event.type)) return false;
  if (event.severity > subscription.minSeverity) return false;
  // Events without a repository (quota, admin user, monitor) match any pattern of their registry.
  if (event.repository && !globMatches(subscription.repositoryPattern, event.repository)) return false;
  return true;
}

export class SubscriptionStore {
  constructor(private readonly db: Database) {}

  /** Adds a subscription, or returns the identical one that already exists. */
  async add(subscription: NewSubscription): Promise<{ subscription: Subscription; created: boolean }> {
    const eventTypes = [...new Set(subscription.eventTypes)].sort();
    const params = [
      subscription.conversation.platform,
      subscription.conversation.conversationId,
      subscription.registry.toLowerCase(),
      subscription.repositoryPattern,
      JSON.stringify(eventTypes),
      subscription.minSeverity,
    ];
    try {
      const inserted = await this.db.query<Row>(
        `INSERT INTO alert_subscriptions (platform, conversation_id, registry, repository_pattern, event_types, min_severity, lang, created_by)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)
         ON CONFLICT (platform, conversation_id, registry, repository_pattern, event_types, min_severity) DO NOTHING
         RETURNING ${COLUMNS}`,
        [...params, subscription.lang, subscription.createdBy],
      );
      if (inserted.rows[0]) return { subscription: toSubscription(inserted.rows[0]), created: true };
    } catch (error) {
      if ((error as { code?: string }).code === '23503') {
        throw new ConversationNotRegisteredError(
          'No stored conversation reference for this conversation; the bot saves it on every turn.',
        );
      }
      throw error;
    }
    const existing = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM alert_subscriptions
       WHERE platform = $1 AND conversation_id = $2 AND registry = $3 AND repository_pattern = $4 AND event_types = $5::jsonb AND min_severity = $6`,
      params,
    );
    return { subscription: toSubscription(existing.rows[0]), created: false };
  }

  async listForConversation(conversation: ConversationKey): Promise<Subscription[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM alert_subscriptions WHERE platform = $1 AND conversation_id = $2 ORDER BY id`,
      [conversation.platform, conversation.conversationId],
    );
    return rows.map(toSubscription);
  }

  /** Subscriptions of any of these registries (routing loads them once per batch). */
  async listForRegistries(registries: string[], executor: SqlExecutor = this.db): Promise<Subscription[]> {
    if (registries.length === 0) return [];
    const { rows } = await executor.query<Row>(
      `SELECT ${COLUMNS} FROM alert_subscriptions WHERE registry IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY id`,
      [JSON.stringify(registries)],
    );
    return rows.map(toSubscription);
  }

  /** Removes one subscription of this conversation by id; false when it is not theirs or does not exist. */
  async removeById(conversation: ConversationKey, id: number): Promise<boolean> {
    const { affectedRows } = await this.db.query(
      'DELETE FROM alert_subscriptions WHERE platform = $1 AND conversation_id = $2 AND id = $3',
      [conversation.platform, conversation.conversationId, id],
    );
    return affectedRows > 0;
  }

  /** Removes this conversation's subscriptions matching the given fields (all of them when none given). */
  async removeMatching(conversation: ConversationKey, filter: Partial<SubscriptionFilter> = {}): Promise<number> {
    const conditions = ['platform = $1', 'conversation_id = $2'];
    const params: unknown[] = [conversation.platform, conversation.conversationId];
    if (filter.registry) {
      params.push(filter.registry.toLowerCase());
      conditions.push(`registry = $${params.length}`);
    }
    if (filter.repositoryPattern) {
      params.push(filter.repositoryPattern);
      conditions.push(`repository_pattern = $${params.length}`);
    }
    if (filter.eventTypes?.length) {
      params.push(JSON.stringify([...new Set(filter.eventTypes)].sort()));
      conditions.push(`event_types = $${params.length}::jsonb`);
    }
    const { affectedRows } = await this.db.query(
      `DELETE FROM alert_subscriptions WHERE ${conditions.join(' AND ')}`,
      params,
    );
    return affectedRows;
  }
}

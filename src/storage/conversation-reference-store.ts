import type { ConversationReferenceRecord } from '../core/ports.js';
import type { Database } from './types.js';

export type { ConversationReferenceRecord };

export interface StoredConversationReference extends ConversationReferenceRecord {
  createdAt: Date;
  updatedAt: Date;
}

export interface ListConversationReferencesOptions {
  /** Default 1000. */
  limit?: number;
}

interface Row {
  platform: string;
  conversation_id: string;
  channel_id: string | null;
  team_id: string | null;
  tenant_id: string | null;
  service_url: string | null;
  locale: string | null;
  reference: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

function toRecord(row: Row): StoredConversationReference {
  return {
    platform: row.platform,
    conversationId: row.conversation_id,
    channelId: row.channel_id ?? undefined,
    teamId: row.team_id ?? undefined,
    tenantId: row.tenant_id ?? undefined,
    serviceUrl: row.service_url ?? undefined,
    locale: row.locale ?? undefined,
    reference: row.reference,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const COLUMNS =
  'platform, conversation_id, channel_id, team_id, tenant_id, service_url, locale, reference, created_at, updated_at';

export interface ConversationReferenceStoreOptions {
  /** An unchanged reference is written again after this long (keeps updated_at fresh); default 10 min. */
  rewriteAfterInMs?: number;
  /** Conversations remembered as written (oldest forgotten first); default 10,000. */
  maxRemembered?: number;
  now?: () => number;
}

/** What makes a stored reference different: everything but the id of the activity that carried it. */
function fingerprint(record: ConversationReferenceRecord): string {
  const { activityId: _activityId, ...reference } = record.reference;
  return JSON.stringify([
    record.channelId,
    record.teamId,
    record.tenantId,
    record.serviceUrl,
    record.locale,
    reference,
  ]);
}

export class ConversationReferenceStore {
  /** (platform, conversation) → what this instance last wrote and when: saves a write on every turn. */
  private readonly written = new Map<string, { fingerprint: string; atInMs: number }>();
  private readonly rewriteAfterInMs: number;
  private readonly maxRemembered: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    options: ConversationReferenceStoreOptions = {},
  ) {
    this.rewriteAfterInMs = options.rewriteAfterInMs ?? 10 * 60_000;
    this.maxRemembered = options.maxRemembered ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Inserts or replaces the reference (the latest turn's service URL and locale win). A reference this
   * instance wrote unchanged less than `rewriteAfterInMs` ago is not written again.
   */
  async upsert(record: ConversationReferenceRecord): Promise<void> {
    const key = JSON.stringify([record.platform, record.conversationId]);
    const print = fingerprint(record);
    const last = this.written.get(key);
    if (last && last.fingerprint === print && this.now() - last.atInMs < this.rewriteAfterInMs) return;
    await this.write(record);
    this.written.delete(key); // re-insert: Map order is the age order for forgetting
    this.written.set(key, { fingerprint: print, atInMs: this.now() });
    if (this.written.size > this.maxRemembered) this.written.delete(this.written.keys().next().value!);
  }

  private async write(record: ConversationReferenceRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO conversation_references
         (platform, conversation_id, channel_id, team_id, tenant_id, service_url, locale, reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
       ON CONFLICT (platform, conversation_id) DO UPDATE SET
         channel_id = EXCLUDED.channel_id, team_id = EXCLUDED.team_id, tenant_id = EXCLUDED.tenant_id,
         service_url = EXCLUDED.service_url, locale = EXCLUDED.locale, reference = EXCLUDED.reference,
         updated_at = now()`,
      [
        record.platform,
        record.conversationId,
        record.channelId ?? null,
        record.teamId ?? null,
        record.tenantId ?? null,
        record.serviceUrl ?? null,
        record.locale ?? null,
        JSON.stringify(record.reference),
      ],
    );
  }

  async get(platform: string, conversationId: string): Promise<StoredConversationReference | undefined> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM conversation_references WHERE platform = $1 AND conversation_id = $2`,
      [platform, conversationId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Most recently active first. */
  async listByPlatform(
    platform: string,
    options: ListConversationReferencesOptions = {},
  ): Promise<StoredConversationReference[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM conversation_references WHERE platform = $1
       ORDER BY updated_at DESC, conversation_id LIMIT $2`,
      [platform, options.limit ?? 1000],
    );
    return rows.map(toRecord);
  }
}

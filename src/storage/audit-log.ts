/**
 * The append-only, hash-chained audit log: who did what, to what, when, from where (typed command,
 * card button, automation) and with which result. Each record's hash covers the previous record's hash,
 * so an edited, inserted or deleted row is found by verify(). Appends lock the chain head row, so
 * concurrent appends (many clicks, several instances on PostgreSQL) line up and the chain never forks.
 * Triggers from migration 101 refuse UPDATE/DELETE/TRUNCATE in the database itself.
 */
import { canonicalJson, sha256Hex } from '../core/canonical-json.js';
import type { Database, SqlExecutor } from './types.js';

export const AUDIT_ORIGINS = ['typed', 'button', 'automation'] as const;
export type AuditOrigin = (typeof AUDIT_ORIGINS)[number];
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  /** Principal (`aad:…`, `slack:…`) or `system`. */
  actor: string;
  /** What was done or attempted: `approval.approve`, `approval.click-refused`, `purge.execute`… */
  action: string;
  /** What it was done to, e.g. `request:<id>` or `registry:<name>/<repository>`. */
  target: string;
  origin: AuditOrigin;
  /** `ok`, `refused`, `failed`, … */
  result: string;
  details?: Record<string, unknown>;
}

export interface AuditRecord extends Required<AuditEntry> {
  seq: number;
  at: Date;
  prevHash: string;
  hash: string;
}

export type ChainBreak =
  | 'missing-record' // a seq is absent: a row was deleted
  | 'prev-hash-mismatch' // the row does not point at the previous row's hash
  | 'hash-mismatch' // the row's content was changed after it was written
  | 'head-mismatch'; // the last rows were removed (or the head was moved)

export interface VerifyReport {
  ok: boolean;
  /** Records checked. */
  checked: number;
  lastSeq: number;
  firstBroken?: { seq: number; reason: ChainBreak };
}

export interface AuditLogOptions {
  now?: () => Date;
  /** Rows read per page by verify(). */
  pageSize?: number;
}

interface AuditRow {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  target: string;
  origin: AuditOrigin;
  result: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'seq, at, actor, action, target, origin, result, details, prev_hash, hash';

/** The hash of one record: sha256(prev_hash + canonical JSON of every other field). */
export function auditRecordHash(record: Omit<AuditRecord, 'hash'>): string {
  // Fields named one by one: a record read back also carries `hash`, which must not hash itself.
  const { seq, at, actor, action, target, origin, result, details, prevHash } = record;
  return sha256Hex(
    prevHash + canonicalJson({ seq, at: at.toISOString(), actor, action, target, origin, result, details }),
  );
}

export class AuditLog {
  private readonly now: () => Date;
  private readonly pageSize: number;

  constructor(
    private readonly db: Database,
    options: AuditLogOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.pageSize = options.pageSize ?? 500;
  }

  append(entry: AuditEntry): Promise<AuditRecord> {
    return this.db.transaction((tx) => this.appendWithin(tx, entry));
  }

  /** Appends inside the caller's transaction, so the record commits (or not) with the change it records. */
  async appendWithin(tx: SqlExecutor, entry: AuditEntry): Promise<AuditRecord> {
    const head = await tx.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
    );
    if (!head.rows[0]) throw new Error('audit_head is missing: migration 101_audit_log has not run');
    // Plain JSON only: what the hash covers must equal what jsonb gives back.
    const details = JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>;
    // Millisecond precision, as JavaScript dates read back from timestamptz.
    const at = new Date(Math.floor(this.now().getTime()));
    const unsigned = {
      seq: Number(head.rows[0].seq) + 1,
      at,
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      origin: entry.origin,
      result: entry.result,
      details,
      prevHash: head.rows[0].hash,
    };
    const record: AuditRecord = { ...unsigned, hash: auditRecordHash(unsigned) };
    await tx.query(`INSERT INTO audit_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`, [
      record.seq,
      record.at,
      record.actor,
      record.action,
      record.target,
      record.origin,
      record.result,
      JSON.stringify(details),
      record.prevHash,
      record.hash,
    ]);
    await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [record.seq, record.hash]);
    return record;
  }

  /** The newest records, newest last. */
  async tail(count = 20): Promise<AuditRecord[]> {
    const { rows } = await this.db.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT $1`, [
      count,
    ]);
    return rows.reverse().map(toRecord);
  }

  /**
   * The last `count` records about one conversation, newest last: requests made in it (their `act.request` record
   * names it) and everything about the requests it holds (approvals, executions, expiry).
   */
  async tailForConversation(platform: string, conversationId: string, count = 20): Promise<AuditRecord[]> {
    const { rows } = await this.db.query<AuditRow>(
      `SELECT ${COLUMNS} FROM audit_log
        WHERE details->>'conversationId' = $2
           OR target IN (SELECT 'request:' || id FROM approval_requests WHERE platform = $1 AND conversation_id = $2)
        ORDER BY seq DESC LIMIT $3`,
      [platform, conversationId, count],
    );
    return rows.reverse().map(toRecord);
  }

  /** Records about one target (e.g. `request:<id>`), oldest first. */
  async forTarget(target: string, limit = 100): Promise<AuditRecord[]> {
    const { rows } = await this.db.query<AuditRow>(
      `SELECT ${COLUMNS} FROM audit_log WHERE target = $1 ORDER BY seq LIMIT $2`,
      [target, limit],
    );
    return rows.map(toRecord);
  }

  /** Walks the whole chain in seq order and reports the first broken link. */
  async verify(options: { abortSignal?: AbortSignal } = {}): Promise<VerifyReport> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    const broken = (seq: number, reason: ChainBreak): VerifyReport => ({
      ok: false,
      checked,
      lastSeq: expectedSeq - 1,
      firstBroken: { seq, reason },
    });
    for (;;) {
      options.abortSignal?.throwIfAborted();
      const { rows } = await this.db.query<AuditRow>(
        `SELECT ${COLUMNS} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
        [expectedSeq, this.pageSize],
      );
      for (const row of rows) {
        const record = toRecord(row);
        if (record.seq !== expectedSeq) return broken(expectedSeq, 'missing-record');
        if (record.prevHash !== prevHash) return broken(record.seq, 'prev-hash-mismatch');
        if (auditRecordHash(record) !== record.hash) return broken(record.seq, 'hash-mismatch');
        prevHash = record.hash;
        expectedSeq += 1;
        checked += 1;
      }
      if (rows.length < this.pageSize) break;
    }
    const head = (await this.db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1'))
      .rows[0];
    if (!head || Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash)
      return broken(expectedSeq, 'head-mismatch');
    return { ok: true, checked, lastSeq: expectedSeq - 1 };
  }
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: Number(row.seq),
    at: row.at instanceof Date ? row.at : new Date(row.at),
    actor: row.actor,
    action: row.action,
    target: row.target,
    origin: row.origin,
    result: row.result,
    details: row.details ?? {},
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

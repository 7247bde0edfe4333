/**
 * Final execution reports (migration 102_action_executions). Each report gets a random 256-bit token;
 * the download link on the report card carries it (GET /api/reports/:requestId?token=…), so only people
 * who can see the card can fetch the JSON, without a sign-in flow the chat clients do not offer.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlExecutor } from '../../../storage/types.js';
import type { ExecutionReport } from '../types.js';

export interface StoredReport {
  report: ExecutionReport;
  token: string;
}

export class ReportStore {
  constructor(
    private readonly db: SqlExecutor,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Saves (or replaces, after a resumed run) the report; returns the download token. */
  async save(report: ExecutionReport): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.query(
      `INSERT INTO action_reports (request_id, token, report, created_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (request_id) DO UPDATE SET token = EXCLUDED.token, report = EXCLUDED.report, created_at = EXCLUDED.created_at`,
      [report.requestId, token, JSON.stringify(report), this.now()],
    );
    return token;
  }

  async get(requestId: string): Promise<StoredReport | null> {
    const { rows } = await this.db.query<{ token: string; report: ExecutionReport }>(
      'SELECT token, report FROM action_reports WHERE request_id = $1',
      [requestId],
    );
    return rows[0] ? { token: rows[0].token, report: rows[0].report } : null;
  }

  /** The report when the token is right; null otherwise (unknown id and wrong token look the same). */
  async download(requestId: string, token: string): Promise<ExecutionReport | null> {
    const stored = await this.get(requestId);
    if (!stored) return null;
    const expected = Buffer.from(stored.token);
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given) ? stored.report : null;
  }
}

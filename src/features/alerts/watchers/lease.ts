/**
 * A named lease in the database (table alert_leases): with several bot instances, only the holder
 * polls. Acquire and renew are one conditional upsert, so two instances can never both hold it.
 */
import type { SqlExecutor } from '../../../storage/types.js';

export class DatabaseLease {
  constructor(
    private readonly db: SqlExecutor,
    readonly name: string,
    readonly holder: string,
  ) {}

  /** Takes the lease if it is free or expired, renews it if we hold it; true when we hold it until now + ttl. */
  async tryAcquire(now: Date, ttlInMs: number): Promise<boolean> {
    const { rows } = await this.db.query(
      `INSERT INTO alert_leases AS l (name, holder, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE l.holder = EXCLUDED.holder OR l.expires_at <= $4
       RETURNING holder`,
      [this.name, this.holder, new Date(now.getTime() + ttlInMs).toISOString(), now.toISOString()],
    );
    return rows.length > 0;
  }

  /** Gives the lease up early (clean shutdown), so another instance need not wait for expiry. */
  async release(): Promise<void> {
    await this.db.query('DELETE FROM alert_leases WHERE name = $1 AND holder = $2', [this.name, this.holder]);
  }
}

// The PostgreSQL adapter of target (c): one table keyed by (model, id) with a JSONB payload and an expiry, the shape
// node-oidc-provider's example adapters use. Table: bench/targets/oidc-provider.ts.
import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';
import type pg from 'pg';

interface Row {
  payload: AdapterPayload;
  consumed_at: Date | null;
}

const COLUMNS = 'SELECT payload, consumed_at FROM oidc_payload';
const LIVE = '(expires_at IS NULL OR expires_at > now())';

function toPayload(row: Row | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
}

/** Return an adapter class storing every model of the provider in `oidc_payload` through `pool`. */
export function postgresAdapter(pool: pg.Pool): AdapterConstructor {
  return class PostgresAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      await pool.query(
        `INSERT INTO oidc_payload (model, id, payload, grant_id, user_code, uid, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
           user_code = excluded.user_code, uid = excluded.uid, expires_at = excluded.expires_at`,
        [
          this.model,
          id,
          payload,
          payload.grantId ?? null,
          payload.userCode ?? null,
          payload.uid ?? null,
          expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
        ],
      );
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const { rows } = await pool.query<Row>(`${COLUMNS} WHERE model = $1 AND id = $2 AND ${LIVE}`, [this.model, id]);
      return toPayload(rows[0]);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const { rows } = await pool.query<Row>(`${COLUMNS} WHERE model = $1 AND user_code = $2 AND ${LIVE}`, [
        this.model,
        userCode,
      ]);
      return toPayload(rows[0]);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const { rows } = await pool.query<Row>(`${COLUMNS} WHERE model = $1 AND uid = $2 AND ${LIVE}`, [this.model, uid]);
      return toPayload(rows[0]);
    }

    async consume(id: string): Promise<void> {
      await pool.query('UPDATE oidc_payload SET consumed_at = now() WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async destroy(id: string): Promise<void> {
      await pool.query('DELETE FROM oidc_payload WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await pool.query('DELETE FROM oidc_payload WHERE grant_id = $1', [grantId]);
    }
  };
}

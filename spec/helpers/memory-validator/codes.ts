/** The authorization code questions of the in-memory validator (RFC 6749 §4.1, RFC 9700 §4.2.4). */
import type {
  AuthorizationCodeRecord,
  CodeLookup,
  ConsumeResult,
  OAuth2Client,
  OAuth2Request,
} from '../../../lib/oauth2/index.js';
import { MemoryClientValidator } from './clients.js';
import { checksum } from './store.js';

/** Codes by checksum, bound to their client, kept after redemption until they expire so that a replay shows. */
export abstract class MemoryCodeValidator extends MemoryClientValidator {
  async saveAuthorizationCode(record: AuthorizationCodeRecord, _request: OAuth2Request): Promise<void> {
    const sum = checksum(record.code);
    if (this.store.codes.has(sum)) throw new Error('authorization code collision');
    const { code: _code, ...bound } = record;
    this.store.codes.set(sum, { ...bound, consumed: false });
  }

  async validateCode(clientId: string, code: string, client: OAuth2Client): Promise<CodeLookup> {
    const row = this.store.codes.get(checksum(code));
    if (row === undefined || row.clientId !== clientId || row.clientId !== client.clientId)
      return { status: 'invalid' };
    if (row.consumed) return { status: 'replayed', clientId: row.clientId };
    const { consumed: _consumed, ...record } = row;
    return { status: 'valid', record: { ...record, code } };
  }

  /** Check and set with no `await` between them: of concurrent callers exactly one sees `consumed` false. */
  async consumeAuthorizationCode(clientId: string, code: string, _request: OAuth2Request): Promise<ConsumeResult> {
    const row = this.store.codes.get(checksum(code));
    if (row === undefined || row.clientId !== clientId) return 'unknown';
    if (row.consumed) return 'replayed';
    row.consumed = true;
    return 'ok';
  }

  /** Revoke what the code issued, access tokens and refresh families, when the code is `request.client`'s. */
  async revokeTokensIssuedByCode(code: string, request: OAuth2Request): Promise<void> {
    const sum = checksum(code);
    if (this.store.codes.get(sum)?.clientId !== request.client?.clientId) return;
    const now = new Date();
    for (const [key, row] of this.store.accessTokens) if (row.code === sum) this.store.revokeAccess(key, now);
    for (const row of this.store.refreshTokens.values()) if (row.code === sum) this.store.revokeFamily(row.family, now);
  }
}

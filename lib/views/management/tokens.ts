import { MANAGEMENT_ROUTES } from '../../urls/paths.js';
import type { AuthorizedGrant, ManagedPage, ManagementQuery } from '../../validator.js';
import { ManagementView } from './base.js';
import { ManagementListView } from './list.js';

/**
 * The logged-in user's live grants, by application, 20 a page (DOT's `AuthorizedTokensListView`,
 * `authorized_tokens/`): template `oauth2_provider/authorized-tokens.html`, context `authorized_tokens`. Unlike DOT,
 * only grants still usable are listed: an unexpired access token, or one a usable refresh token can renew.
 */
export class AuthorizedTokensList extends ManagementListView<AuthorizedGrant> {
  static override readonly httpMethodNames = ['get', 'head', 'options'] as const;
  override templateName: string | null = 'oauth2_provider/authorized-tokens.html';
  override contextObjectName: string | null = 'authorized_tokens';

  async fetchPage(query: ManagementQuery): Promise<ManagedPage<AuthorizedGrant>> {
    return this.validator('listUserGrants').listUserGrants(query, await this.lookupRequest());
  }
}

/**
 * Revoke one grant of the user (DOT's `AuthorizedTokenDeleteView`, `authorized_tokens/<pk>/delete/`): GET asks for
 * confirmation (`authorized-token-delete.html`), POST revokes the access token, its refresh token and their family
 * (DOT 3.4.1, #1510), then 303 to the list. The next API call with the token is refused.
 */
export class AuthorizedTokenDelete extends ManagementView {
  override templateName: string | null = 'oauth2_provider/authorized-token-delete.html';

  /** Ask for confirmation. */
  async get(): Promise<void> {
    const validator = this.validator('getUserGrant');
    const grant = await validator.getUserGrant(this.objectQuery(), this.getPk(), await this.lookupRequest());
    if (grant === null) this.notFound();
    else await this.renderToResponse(this.pageContext({ authorized_token: grant }));
  }

  /** Revoke (CSRF first), then 303 to `getSuccessUrl()`. */
  async post(): Promise<void> {
    if ((await this.readForm()) === null) return;
    const validator = this.validator('revokeUserGrant');
    if (!(await validator.revokeUserGrant(this.objectQuery(), this.getPk(), await this.lookupRequest()))) {
      this.notFound();
      return;
    }
    this.redirectAfterPost(this.getSuccessUrl());
  }

  /** After revoking: the list. */
  getSuccessUrl(): string {
    return this.successUrl ?? this.reverse(MANAGEMENT_ROUTES.authorizedTokenList.name);
  }
}

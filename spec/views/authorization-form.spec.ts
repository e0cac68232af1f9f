/**
 * AuthorizationView's seed methods (DOT's `form_class` and `get_initial()`): a subclass swaps the consent form or
 * its initial values without re-implementing the consent page.
 */
import { expect } from 'chai';
import request from 'supertest';

import { AllowForm, AuthorizationView } from '../../lib/views/authorization.js';
import type { ValidatedAuthorization } from '../../lib/oauth2/endpoints/authorization.js';
import {
  AUTHORIZE_SETTINGS,
  authorizeQuery,
  buildAuthorizeApp,
  locationParams,
  type Session,
} from '../helpers/authorize.js';
import { useTransaction } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { hiddenInputs } from '../helpers/html.js';

/** A consent form that also carries `tenant` and needs `terms=on` to be valid. */
class TermsForm extends AllowForm {
  static override readonly hiddenFieldNames = [...AllowForm.hiddenFieldNames, 'tenant'];
  override validate(): void {
    super.validate();
    if (this.body?.get('terms') !== 'on') this.errors.push('Accept the terms first.');
  }
}

class TermsAuthorizationView extends AuthorizationView {
  override formClass = TermsForm;
}

/** Offers only `read`, whatever the client asked for: the initial values are the view's to decide. */
class ReadOnlyOfferView extends AuthorizationView {
  override getInitial(validated: ValidatedAuthorization): Record<string, string> {
    return { ...super.getInitial(validated), scope: 'read' };
  }
}

describe('AuthorizationView formClass / getInitial()', () => {
  const em = useTransaction({ settings: AUTHORIZE_SETTINGS });
  const session: Session = { user: null };

  beforeEach(async () => {
    session.user = await createUser(em());
  });

  /** GET the consent page of `View` (mounted with `asView(options)` in place of the built-in one). */
  async function consentPage(View: typeof AuthorizationView, initial: Record<string, string> = {}) {
    const app = buildAuthorizeApp(em, session, undefined, {
      AuthorizationView: class extends View {
        override initial = initial;
      },
    });
    const agent = request.agent(app.callback());
    const { application } = await createApplication(em());
    const res = await agent.get(`/o/authorize/?${authorizeQuery(application.clientId)}`);
    expect(res.status, res.text).to.equal(200);
    return { agent, fields: hiddenInputs(res.text) };
  }

  it("renders the swapped form's fields, with `initial` under the request's own values", async () => {
    const { fields } = await consentPage(TermsAuthorizationView, { tenant: 'acme', scope: 'ignored' });
    expect(fields).to.include({ tenant: 'acme', scope: 'read write', response_type: 'code' });
  });

  it('binds the POST to the swapped form: its own check refuses, then passes', async () => {
    const { agent, fields } = await consentPage(TermsAuthorizationView, { tenant: 'acme' });
    const refused = await agent
      .post('/o/authorize/')
      .type('form')
      .send({ ...fields, allow: 'Authorize' });
    expect(refused.status).to.equal(400);
    expect(refused.text).to.include('Accept the terms first.');
    expect(hiddenInputs(refused.text)).to.include({ tenant: 'acme' });
    const approved = await agent
      .post('/o/authorize/')
      .type('form')
      .send({ ...fields, allow: 'Authorize', terms: 'on' });
    expect(approved.status).to.equal(303);
    expect(locationParams(approved.headers['location']).get('code')).to.be.a('string');
  });

  it('lets getInitial() decide what the form offers: the code is issued for the offered scopes', async () => {
    const { agent, fields } = await consentPage(ReadOnlyOfferView);
    expect(fields['scope']).to.equal('read');
    const res = await agent
      .post('/o/authorize/')
      .type('form')
      .send({ ...fields, allow: 'Authorize' });
    expect(res.status).to.equal(303);
    expect(locationParams(res.headers['location']).get('code')).to.be.a('string');
  });

  it('takes `initial` as an asView() option and refuses a form class there (a subclass sets it)', () => {
    expect(AuthorizationView.asView({ initial: { tenant: 'acme' } }).viewInitOptions.initial).to.deep.equal({
      tenant: 'acme',
    });
    expect(() => AuthorizationView.asView({ formClass: TermsForm } as never)).to.throw(/formClass/);
  });
});

import { expect } from 'chai';
import { ImproperlyConfigured } from '../../lib/errors.js';
import { ScopedResourceMixin } from '../../lib/mixins/scoped-resource.js';
import { View } from '../../lib/views/view.js';

describe('ScopedResourceMixin', () => {
  it('returns requiredScopes', () => {
    class V extends ScopedResourceMixin(View) {
      override requiredScopes = ['a', 'b'];
    }
    expect(new V().getScopes()).to.deep.equal(['a', 'b']);
  });

  it('throws ImproperlyConfigured naming the class when neither requiredScopes nor getScopes() is given', () => {
    class Unscoped extends ScopedResourceMixin(View) {}
    expect(() => new Unscoped().getScopes())
      .to.throw(ImproperlyConfigured)
      .with.property('message')
      .that.includes('Unscoped')
      .and.includes('requiredScopes');
  });

  it('takes requiredScopes from asView() options', () => {
    class V extends ScopedResourceMixin(View) {
      async get() {}
    }
    const middleware = V.asView({ requiredScopes: ['things:read'] });
    expect(middleware.viewInitOptions.requiredScopes).to.deep.equal(['things:read']);
  });
});

import { expect } from 'chai';
import { ImproperlyConfigured } from '../../lib/errors.js';
import { ScopedResourceMixin } from '../../lib/mixins/scoped-resource.js';
import { ScopedProtectedResourceView } from '../../lib/views/generic.js';
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

  it('refuses, when mounted, a ScopedProtectedResourceView without scopes, naming the class and the fix', () => {
    class Unscoped extends ScopedProtectedResourceView {
      async get() {}
    }
    expect(() => Unscoped.asView())
      .to.throw(ImproperlyConfigured)
      .with.property('message')
      .that.includes('Unscoped')
      .and.includes("'requiredScopes' or an implementation of 'getScopes()'");
  });

  it('mounts a view whose scopes come from asView(), requiredScopes or its own getScopes()', () => {
    class Unscoped extends ScopedProtectedResourceView {}
    class Fixed extends ScopedProtectedResourceView {
      override requiredScopes = ['read'];
    }
    class ByMethod extends ScopedProtectedResourceView {
      override getScopes() {
        return this.ctx.method === 'GET' ? ['read'] : ['write'];
      }
    }
    expect(Unscoped.asView({ requiredScopes: ['read'] }).viewClass).to.equal(Unscoped);
    expect(Fixed.asView().viewClass).to.equal(Fixed);
    expect(ByMethod.asView().viewClass).to.equal(ByMethod);
  });
});

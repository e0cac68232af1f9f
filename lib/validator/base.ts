import type { AbstractConstructor } from '../oauth2/endpoints/base.js';

export type { AbstractConstructor } from '../oauth2/endpoints/base.js';

/** Options of `OAuth2Validator`. */
export interface OAuth2ValidatorOptions {
  /** Clock in milliseconds for expiry and grace-window checks (tests); default `Date.now`. */
  now?: () => number;
}

/**
 * The root of `OAuth2Validator`: what every layer may use (the clock). Each concern is a layer over it, a function
 * `(Base) => class extends Base { ...DOT-named methods... }` (ARCHITECTURE.md, Validator), so that a method has its
 * body in one place and a subclass overrides it with `override` and `super`.
 */
export abstract class ValidatorBase {
  readonly now: () => number;

  constructor(options: OAuth2ValidatorOptions = {}) {
    this.now = options.now ?? Date.now;
  }
}

/** What a validator layer is applied to: `ValidatorBase`, or a class already carrying other layers. */
export type ValidatorLayerBase<T = object> = AbstractConstructor<ValidatorBase & T>;

/** The class `layers` make of `root`, applied in order; a layer whose needs `root` and the layers before it do not meet is named in the error. */
export type Layered<R, Ls extends readonly unknown[]> = Ls extends readonly [infer L, ...infer Rest]
  ? L extends (base: R) => infer Out
    ? Layered<R & Out, Rest>
    : { readonly layerDoesNotFit: L }
  : R;

/**
 * Apply validator layers to `root`, the innermost first: `class V extends layered(ValidatorBase, A, B) {}` is
 * `class V extends B(A(ValidatorBase)) {}`, written so that adding a layer is adding one argument.
 */
export function layered<R, const Ls extends readonly ((base: never) => unknown)[]>(
  root: R,
  ...layers: Ls
): Layered<R, Ls> {
  return layers.reduce<unknown>((base, layer) => (layer as (base: unknown) => unknown)(base), root) as Layered<R, Ls>;
}

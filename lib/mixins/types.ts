/** A class that can be instantiated with `new` (Lit's mixin idiom); the target of `class X extends Mixin(Base)`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mixin base must accept any constructor signature (TS2545)
export type Constructor<T = object> = new (...args: any[]) => T;

// A class that may be abstract: what a mixin accepts and returns, so that `View` and its abstract subclasses compose.
// The core's, which its endpoints and the validator's layers use too.
export type { AbstractConstructor } from '../oauth2/endpoints/base.js';

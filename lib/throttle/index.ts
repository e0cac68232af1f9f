/** Throttling of failed secret and password checks: keys, limits, stores, and the hook an app's login calls. */
export { throttleAddress } from './address.js';
export { throttleKeys } from './keys.js';
export type { ThrottleKeys, ThrottleKind } from './keys.js';
export { throttlePolicy, blockSeconds } from './policy.js';
export type { ThrottlePolicy, ThrottleState } from './policy.js';
export type { ThrottleStore, ThrottleStoreOptions } from './store.js';
export { MemoryThrottleStore } from './memory-store.js';
export { DatabaseThrottleStore } from '../models/throttle-store.js';
export { throttled } from './guard.js';
export { throttledAuthenticate } from './login.js';
export type { LoginAttempt } from './login.js';

// Every benchmark target, in report order: (a) the toolkit, (b) the floor, then the peers.
import { exampleAppTarget } from './example-app.js';
import { floorTarget } from './floor.js';
import { oauth2ServerTarget } from './oauth2-server.js';
import { oidcProviderTarget } from './oidc-provider.js';
import type { Target } from './types.js';

/** The id of the target every ratio is taken against. */
export const FLOOR_ID = 'floor';

/** All targets, including the ones marked unavailable (they are listed and skipped). */
export const TARGETS: readonly Target[] = [exampleAppTarget, floorTarget, oidcProviderTarget, oauth2ServerTarget];

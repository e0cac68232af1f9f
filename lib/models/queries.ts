import type { EntityManager } from '@mikro-orm/core';
import { Application } from './application.js';
import { originOf } from './redirect-uri.js';
import { modelFor } from './registry.js';

/**
 * Return the applications that list `origin` in `allowedOrigins`: one containment query on the GIN-indexed
 * array, for a CORS preflight, which carries no client identity (DESIGN.md, CORS).
 */
export async function findApplicationsByOrigin(em: EntityManager, origin: string): Promise<Application[]> {
  const normalized = originOf(origin);
  if (!normalized) return [];
  return em.find(modelFor(em, Application), { allowedOrigins: { $contains: [normalized] } } as never);
}

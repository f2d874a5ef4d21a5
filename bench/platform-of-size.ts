/**
 * The built-in platform grown to N services (every fifth one HTTP, the first of them the one SOP-01's drill calls),
 * sized by the profiles, for measuring scale.
 */
import { defaultPlatformFile, readPlatformFile } from '../src/config';

interface Document {
  readonly services: Record<string, unknown>;
  readonly environments: Record<string, Record<string, unknown>>;
  readonly sop: { readonly restoreDrill: { readonly api: Record<string, unknown> } };
}

export function platformOfSize(serviceCount: number): Document {
  const base = readPlatformFile(defaultPlatformFile()).document as Document;
  const services: Record<string, unknown> = {};
  for (let i = 0; i < serviceCount; i++) {
    services[`svc${String(i).padStart(3, '0')}`] = i % 5 === 0 ? base.services.api : base.services.worker;
  }
  // Every service takes its environment's profile sizing.
  const environments = Object.fromEntries(
    Object.entries(base.environments).map(([name, env]) => [name, { ...env, services: undefined }]),
  );
  const { restoreDrill } = base.sop;
  const sop = { ...base.sop, restoreDrill: { ...restoreDrill, api: { ...restoreDrill.api, service: 'svc000' } } };
  return { ...base, services, environments, sop };
}

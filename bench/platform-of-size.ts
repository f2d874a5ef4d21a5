/** The built-in platform grown to N services (every fifth one HTTP), sized by the profiles, for measuring scale. */
import { defaultPlatformFile, readPlatformFile } from '../src/config';

interface Document {
  readonly services: Record<string, unknown>;
  readonly environments: Record<string, Record<string, unknown>>;
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
  return { ...base, services, environments };
}

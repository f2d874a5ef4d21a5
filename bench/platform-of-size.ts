/** The default platform grown to N services (every fifth one HTTP), for measuring how synth scales. */
import { defaultPlatform, type PlatformInput } from '../src/config';

export function platformOfSize(serviceCount: number): PlatformInput {
  const services: PlatformInput['services'] = {};
  const sizing = (env: keyof PlatformInput['environments'], kind: 'api' | 'worker') =>
    defaultPlatform.environments[env].services[kind];
  const environments = structuredClone(defaultPlatform.environments);
  for (const env of Object.keys(environments) as (keyof PlatformInput['environments'])[]) {
    environments[env].services = {};
  }
  for (let i = 0; i < serviceCount; i++) {
    const name = `svc${String(i).padStart(3, '0')}`;
    const kind = i % 5 === 0 ? 'api' : 'worker';
    services[name] = defaultPlatform.services[kind];
    for (const env of Object.keys(environments) as (keyof PlatformInput['environments'])[]) {
      environments[env].services[name] = sizing(env, kind);
    }
  }
  return { ...defaultPlatform, services, environments };
}

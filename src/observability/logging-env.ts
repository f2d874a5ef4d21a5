import type { Platform } from '../config';

export interface EnvVar {
  readonly name: string;
  readonly value: string;
}

/**
 * Environment that makes an app container write the JSON log contract to stdout (where Fluent Bit reads it):
 * the format, the minimum level of the environment and the `service_name` every line carries.
 */
export function jsonLoggingEnv(platform: Platform, environment: string, service: string): EnvVar[] {
  if (!platform.services[service]) {
    throw new Error(`jsonLoggingEnv: "${service}" is not a service declared in services`);
  }
  return [
    { name: 'LOG_FORMAT', value: 'json' },
    { name: 'LOG_LEVEL', value: platform.environments[environment].logLevel },
    { name: 'LOG_OUTPUT', value: 'stdout' },
    { name: 'SERVICE_NAME', value: service },
  ];
}

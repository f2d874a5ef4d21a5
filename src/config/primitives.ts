/** Reusable field schemas. Each message states the rule, so a failure reads `<field path>: <rule>`. */
import { z } from 'zod';
import { IPV4_CIDR_PATTERN, isCanonicalCidr } from './cidr';

export const dnsLabel = z
  .string()
  .regex(
    /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'must be a DNS-1123 label (lower-case letters, digits and "-", starting with a letter, at most 63 characters)',
  );

export const hostname = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'must be a lower-case DNS name such as postgres.production.your-app.internal',
  );

export const port = z
  .number({ error: 'must be a port number' })
  .int('must be an integer')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const CIDR_RULE = 'must be an IPv4 CIDR block with zero host bits, such as 10.0.0.0/16';
/** The pattern carries the shape into JSON Schema (helm's values.schema.json); the refinement the host bits. */
export const cidr = z.string().regex(IPV4_CIDR_PATTERN, CIDR_RULE).refine(isCanonicalCidr, CIDR_RULE);

export const cpuQuantity = z
  .string()
  .regex(/^([1-9][0-9]*m|[0-9]+(\.[0-9]+)?)$/, 'must be a CPU quantity such as 250m or 1.5');

export const memoryQuantity = z
  .string()
  .regex(/^[1-9][0-9]*(Ki|Mi|Gi|Ti)$/, 'must be a memory quantity in binary units such as 256Mi or 2Gi');

/** Go duration as Argo Rollouts and Prometheus read it: 30s, 5m, 1h. */
export const duration = z.string().regex(/^[1-9][0-9]*(s|m|h)$/, 'must be a duration such as 30s, 5m or 1h');

/** An image tag that is also a valid label value: it becomes `app.kubernetes.io/version` on every object. */
export const imageTag = z
  .string()
  .regex(
    /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/,
    'must be an image tag that is also a label value (letters, digits, "_", "." and "-", starting and ending with a letter or digit, at most 63 characters)',
  )
  .refine((tag) => tag !== 'latest', 'must not be "latest": pin an immutable tag such as the git short SHA')
  // The refinement is code; say the same in JSON Schema so helm's values.schema.json rejects `latest` too.
  .meta({ not: { const: 'latest' } });

export const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/, 'must be an AWS region such as eu-west-1');

/** A Secrets Manager secret name: written by infra/, read by the cluster's ExternalSecrets. */
export const secretName = z.string().regex(/^[A-Za-z0-9/_+=.@-]+$/, 'must be a Secrets Manager secret name');

export const positiveInt = z.number().int('must be an integer').min(1, 'must be >= 1');

/** Parses a duration (`30s`, `5m`, `1h`) into seconds. */
export function durationSeconds(value: string): number {
  const unit = { s: 1, m: 60, h: 3600 }[value.slice(-1) as 's' | 'm' | 'h'];
  return Number(value.slice(0, -1)) * unit;
}

/** Parses a CPU quantity into millicores. */
export function milliCpu(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}

const MEMORY_UNITS: Record<string, number> = { Ki: 1, Mi: 1024, Gi: 1024 ** 2, Ti: 1024 ** 3 };

/** Parses a memory quantity into KiB. */
export function kibibytes(quantity: string): number {
  return Number(quantity.slice(0, -2)) * MEMORY_UNITS[quantity.slice(-2)];
}

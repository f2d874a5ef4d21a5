/**
 * What a service's kind decides, behind one small interface: each kind (one file each) builds the objects only it
 * has and tells the common parts (pods, rollout, network admission) what they need from it.
 */
import type { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ServiceDefinition, ServiceKindName, ServiceSizing } from '../config';
import type { AlbTrafficRouting } from './canary-rollout';
import type { AppIdentity } from './identity';

export interface ServiceKindProps<D extends ServiceDefinition = ServiceDefinition> {
  readonly identity: AppIdentity;
  readonly service: string;
  readonly definition: D;
  readonly sizing: ServiceSizing;
  /** The environment's public DNS zone: a public service is served at `<service>.<domain>`. */
  readonly domain: string;
  /** The regions the environment runs in: a public service also answers to each region's own name. */
  readonly regions: readonly string[];
  /** Prometheus the canary analysis queries. */
  readonly prometheusUrl: string;
  /** Subnets the internet-facing load balancers live in: where their connections to the pods come from. */
  readonly loadBalancerSubnets: readonly string[];
}

export interface ServiceKindParts {
  /** Container ports besides `metrics`. */
  readonly ports: readonly k8s.ContainerPort[];
  /** Named container port the probes call. */
  readonly probePort: string;
  /** Who may connect to the pods besides Prometheus. */
  readonly ingress: readonly k8s.NetworkPolicyIngressRule[];
  /**
   * Traffic split of the canary.
   * @default replica-based canary
   */
  readonly trafficRouting?: AlbTrafficRouting;
  /**
   * AnalysisTemplate the rollout runs in the background.
   * @default no analysis
   */
  readonly analysisTemplateName?: string;
  /**
   * Seconds a terminating pod keeps serving while a load balancer deregisters it.
   * @default no preStop hook
   */
  readonly preStopSleepSeconds?: number;
}

export interface ServiceKind<D extends ServiceDefinition = ServiceDefinition> {
  /** Adds the kind's own objects under `scope`. */
  build(scope: Construct, props: ServiceKindProps<D>): ServiceKindParts;
}

export type ServiceKinds = { readonly [K in ServiceKindName]: ServiceKind<Extract<ServiceDefinition, { kind: K }>> };

import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import { publicHost, regionalHost } from '../../src/config';
import type { InfraContext } from '../context';

export interface PublicRecordsProps {
  readonly context: InfraContext;
  readonly zoneId: string;
  /**
   * TTL of the public names, seconds: how long a failover takes to reach clients once Route 53 switches.
   * @default 60
   */
  readonly ttlSeconds?: number;
}

/**
 * The public name of every public service (`api.<domain>`), owned by infra: a CNAME to the name of a region's ALB
 * (`api.<region>.<domain>`), which external-dns in that region's cluster points at its ALB. With a DR region it is a
 * failover pair, each side with Route 53's HTTPS health check of its regional name (the service's readiness path,
 * through that region's ALB): the DR region's name only while the primary's check fails and the DR's passes. The DR
 * region runs a pilot light without a cluster until a failover, so its name does not resolve before then and its
 * check fails ("DNS resolution failed": Route 53 API reference, `HealthCheckConfig`); Route 53 then keeps answering
 * with the primary ("When the secondary resource record set is unhealthy, Route 53 responds to DNS queries with the
 * applicable value from the primary resource record set": ResourceRecordSet `Failover`) instead of a name nobody
 * publishes, whose NXDOMAIN resolvers would cache. CNAMEs, not aliases, because the targets exist only once each
 * cluster's external-dns has run.
 */
export class PublicRecords extends Construct {
  constructor(scope: Construct, id: string, props: PublicRecordsProps) {
    super(scope, id);
    const ctx = props.context;
    const { domain, aws } = ctx.env;
    const ttl = props.ttlSeconds ?? 60;
    for (const [service, definition] of Object.entries(ctx.platform.services)) {
      if (definition.kind !== 'http' || definition.exposure !== 'public') continue;
      const name = publicHost(service, domain);
      const primary = regionalHost(service, aws.region, domain);
      if (!aws.dr) {
        new Route53Record(this, service, { zoneId: props.zoneId, name, type: 'CNAME', ttl, records: [primary] });
        continue;
      }
      const check = (id: string, fqdn: string) =>
        new Route53HealthCheck(this, id, {
          type: 'HTTPS',
          fqdn,
          port: 443,
          resourcePath: definition.health.readinessPath,
          enableSni: true,
          requestInterval: 30,
          failureThreshold: 3,
          tags: { Name: fqdn },
        });
      new Route53Record(this, `${service}-primary`, {
        zoneId: props.zoneId,
        name,
        type: 'CNAME',
        ttl,
        records: [primary],
        setIdentifier: aws.region,
        failoverRoutingPolicy: { type: 'PRIMARY' },
        healthCheckId: check(`${service}-health-check`, primary).id,
      });
      const secondary = regionalHost(service, aws.dr.region, domain);
      new Route53Record(this, `${service}-secondary`, {
        zoneId: props.zoneId,
        name,
        type: 'CNAME',
        ttl,
        records: [secondary],
        setIdentifier: aws.dr.region,
        failoverRoutingPolicy: { type: 'SECONDARY' },
        healthCheckId: check(`${service}-secondary-health-check`, secondary).id,
      });
    }
  }
}

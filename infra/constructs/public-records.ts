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
 * failover pair: the primary region's name while Route 53's HTTPS health check of it (the service's readiness path,
 * through that region's ALB) passes, the DR region's otherwise. CNAMEs, not aliases, because the targets exist only
 * once each cluster's external-dns has run.
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
      const check = new Route53HealthCheck(this, `${service}-health-check`, {
        type: 'HTTPS',
        fqdn: primary,
        port: 443,
        resourcePath: definition.health.readinessPath,
        enableSni: true,
        requestInterval: 30,
        failureThreshold: 3,
        tags: { Name: primary },
      });
      new Route53Record(this, `${service}-primary`, {
        zoneId: props.zoneId,
        name,
        type: 'CNAME',
        ttl,
        records: [primary],
        setIdentifier: aws.region,
        failoverRoutingPolicy: { type: 'PRIMARY' },
        healthCheckId: check.id,
      });
      new Route53Record(this, `${service}-secondary`, {
        zoneId: props.zoneId,
        name,
        type: 'CNAME',
        ttl,
        records: [regionalHost(service, aws.dr.region, domain)],
        setIdentifier: aws.dr.region,
        failoverRoutingPolicy: { type: 'SECONDARY' },
      });
    }
  }
}

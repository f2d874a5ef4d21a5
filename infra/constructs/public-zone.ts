import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import type { InfraContext } from '../context';

export interface PublicZoneProps {
  readonly context: InfraContext;
}

/**
 * The environment's public Route 53 zone (`domain`): created by the primary stack when the platform file says
 * `dnsZone: create` (its name servers are an output, to delegate to from the parent zone), otherwise looked up by
 * name. The recovery stack always looks it up: Route 53 is global, so the zone outlives the primary region.
 */
export class PublicZone extends Construct {
  readonly zoneId: string;
  readonly zoneArn: string;
  /** Name servers of a zone this stack created; undefined for a zone it looked up. */
  readonly nameServers?: string[];

  constructor(scope: Construct, id: string, props: PublicZoneProps) {
    super(scope, id);
    const ctx = props.context;
    const { domain, dnsZone } = ctx.env;
    if (dnsZone === 'create' && ctx.role === 'primary') {
      const zone = new Route53Zone(this, 'Default', {
        name: domain,
        comment: `Public names of ${ctx.platform.app.name} ${ctx.envName} (infra/constructs/public-zone.ts)`,
        tags: { Name: domain },
      });
      this.zoneId = zone.zoneId;
      this.zoneArn = zone.arn;
      this.nameServers = zone.nameServers;
    } else {
      const zone = new DataAwsRoute53Zone(this, 'Default', { name: domain, privateZone: false });
      this.zoneId = zone.zoneId;
      this.zoneArn = zone.arn;
    }
  }
}

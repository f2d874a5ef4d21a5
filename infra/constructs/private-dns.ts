import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import { parentDomain } from '../context';

export interface PrivateRecord {
  /** Construct id of the record, e.g. `database`. */
  readonly id: string;
  /** Stable name the app uses, e.g. `postgres.production.your-app.internal`. */
  readonly name: string;
  /** The endpoint the name points at. */
  readonly target: string;
}

export interface PrivateDnsProps {
  readonly vpcId: string;
  readonly records: readonly PrivateRecord[];
  /**
   * TTL of every record, seconds: short, so a repoint (SOP-02) reaches clients within a minute.
   * @default 30
   */
  readonly ttlSeconds?: number;
}

/**
 * Private hosted zones, visible only inside the VPC, holding the stable names of the data stores. The app
 * knows only these names; a failover or a rebuild changes what they point at, never the app's config.
 */
export class PrivateDns extends Construct {
  readonly zones: Map<string, Route53Zone>;

  constructor(scope: Construct, id: string, props: PrivateDnsProps) {
    super(scope, id);
    this.zones = new Map();
    const domains = [...new Set(props.records.map((r) => parentDomain(r.name)))].sort();
    for (const domain of domains) {
      this.zones.set(
        domain,
        new Route53Zone(this, `zone-${domain}`, {
          name: domain,
          comment: 'Stable names of the data stores (infra/constructs/private-dns.ts)',
          vpc: [{ vpcId: props.vpcId }],
          tags: { Name: domain },
        }),
      );
    }
    for (const record of props.records) {
      new Route53Record(this, `record-${record.id}`, {
        zoneId: (this.zones.get(parentDomain(record.name)) as Route53Zone).zoneId,
        name: record.name,
        type: 'CNAME',
        ttl: props.ttlSeconds ?? 30,
        records: [record.target],
      });
    }
  }
}

/** The network plan of one VPC: the single source of the subnet CIDRs for NetworkPolicies and for the VPC. */
import { z } from 'zod';
import { parseCidr, prefixLength, subnetOf } from './cidr';
import { cidr } from './primitives';

export const SUBNET_TIERS = ['public', 'private', 'database', 'cache'] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

export const subnetPlanSchema = z.strictObject({
  public: z.array(cidr),
  private: z.array(cidr),
  database: z.array(cidr),
  cache: z.array(cidr),
});

export const networkPlanSchema = z.strictObject({
  vpcCidr: cidr,
  /**
   * One CIDR per zone for each tier, in the order of the environment's `zones`.
   * @default carved from vpcCidr by `planSubnets`: private /19s, public /22s, database and cache /24s in a /16
   */
  subnets: subnetPlanSchema,
});

export type NetworkPlan = z.infer<typeof networkPlanSchema>;
export type SubnetPlan = z.infer<typeof subnetPlanSchema>;

/** VPC sizes `planSubnets` can carve: the data tiers get 1/256 of the VPC each, and AWS's smallest subnet is a /28. */
export const PLANNED_VPC_PREFIXES = { min: 16, max: 20 } as const;
/** Zones `planSubnets` can carve for: private subnets take eighths of the VPC, and the data tiers need the last one. */
export const PLANNED_MAX_ZONES = 6;

/**
 * The default subnets of a VPC of prefix p (a /16 shown): one private /(p+3) per zone from the second eighth on
 * (10.x.32.0/19, 10.x.64.0/19, ...), where the nodes and pods live; public /(p+6)s in the first eighth (10.x.0.0/22,
 * ...), for the load balancers and NAT; then, in the eighth after the last private subnet, database /(p+8)s and,
 * eight blocks further, cache /(p+8)s. Three zones in 10.10.0.0/16 give database 10.10.128.0/24 ... and cache
 * 10.10.136.0/24 ...; adding a zone later moves the data tiers, so set `subnets` explicitly once deployed.
 */
export function planSubnets(vpcCidr: string, zoneCount: number): SubnetPlan {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`planSubnets: ${vpcCidr} is not a CIDR block`);
  const p = prefixLength(vpc);
  const zones = [...Array(zoneCount).keys()];
  const dataStart = (zoneCount + 1) * 32;
  return {
    public: zones.map((i) => subnetOf(vpc, p + 6, i)),
    private: zones.map((i) => subnetOf(vpc, p + 3, i + 1)),
    database: zones.map((i) => subnetOf(vpc, p + 8, dataStart + i)),
    cache: zones.map((i) => subnetOf(vpc, p + 8, dataStart + 8 + i)),
  };
}

/** The network plan of one VPC: the single source of the subnet CIDRs for NetworkPolicies and for the VPC. */
import { z } from 'zod';
import { cidr } from './primitives';

export const SUBNET_TIERS = ['public', 'private', 'database', 'cache'] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

export const networkPlanSchema = z.strictObject({
  vpcCidr: cidr,
  /** One CIDR per zone for each tier, in the order of the environment's `zones`. */
  subnets: z.strictObject({
    public: z.array(cidr),
    private: z.array(cidr),
    database: z.array(cidr),
    cache: z.array(cidr),
  }),
});

export type NetworkPlan = z.infer<typeof networkPlanSchema>;

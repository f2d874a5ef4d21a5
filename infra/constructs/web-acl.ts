import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Construct } from 'constructs';
import { webAclName } from '../../src/config';
import type { InfraContext } from '../context';

export interface WebAclProps {
  readonly context: InfraContext;
}

/**
 * AWS WAF managed rule groups for every request: the core rule set (OWASP top risks), known bad inputs
 * (Log4Shell, ...) and Amazon's IP reputation list, all free of charge.
 */
const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
];

/**
 * The regional web ACL of the environment's public ALBs in this region: the managed rule groups above, and a rate
 * limit per client IP (`edge.requestsPerIpPer5Minutes`). The AWS Load Balancer Controller attaches it to every
 * ALB of the `alb` IngressClass by its name (`webAclName`).
 */
export class WebAcl extends Construct {
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const ctx = props.context;
    this.name = webAclName(ctx.platform, ctx.envName);
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const acl = new Wafv2WebAcl(this, 'Default', {
      name: this.name,
      description: `Public ALBs of ${ctx.platform.app.name} ${ctx.envName}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(this.name),
      rule: [
        {
          name: 'rate-limit-per-ip',
          priority: 0,
          action: { block: {} },
          // `statement` is untyped in the provider bindings: Terraform's own (snake_case) field names.
          statement: {
            rate_based_statement: { limit: ctx.env.edge.requestsPerIpPer5Minutes, aggregate_key_type: 'IP' },
          },
          visibilityConfig: visibility(`${this.name}-rate-limit`),
        },
        ...MANAGED_RULE_GROUPS.map((group, i) => ({
          name: group,
          priority: i + 1,
          overrideAction: { none: {} },
          statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
          visibilityConfig: visibility(`${this.name}-${group}`),
        })),
      ],
      tags: { Name: this.name },
    });
    this.arn = acl.arn;
  }
}

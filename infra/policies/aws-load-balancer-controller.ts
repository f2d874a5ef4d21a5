/**
 * Permissions of the AWS Load Balancer Controller: the upstream policy
 * (kubernetes-sigs/aws-load-balancer-controller docs/install/iam_policy.json, v2.11 line), statement for
 * statement. Mutations are limited to resources tagged `elbv2.k8s.aws/cluster`, which the controller puts on
 * everything it creates. Refresh it from upstream when the controller's chart is upgraded.
 */
import { policyDocument, type PolicyDocument } from '../policy';

const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';
const TAGGED_BY_REQUEST = { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'false' } };
const TAGGED_RESOURCE = { Null: { [`aws:ResourceTag/${CLUSTER_TAG}`]: 'false' } };
const KEEP_CLUSTER_TAG = {
  Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'true', [`aws:ResourceTag/${CLUSTER_TAG}`]: 'false' },
};

/** `arn:<partition>:elasticloadbalancing:*:*:<resource>` for the controller's own target groups and balancers. */
function elbArns(partition: string, resources: string[]): string[] {
  return resources.map((r) => `arn:${partition}:elasticloadbalancing:*:*:${r}`);
}

export function loadBalancerControllerPolicy(partition: string): PolicyDocument {
  const balancers = elbArns(partition, ['targetgroup/*/*', 'loadbalancer/net/*/*', 'loadbalancer/app/*/*']);
  const securityGroups = `arn:${partition}:ec2:*:*:security-group/*`;
  return policyDocument(
    {
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    {
      Effect: 'Allow',
      Action: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
      ],
      Resource: '*',
    },
    {
      Effect: 'Allow',
      Action: [
        'cognito-idp:DescribeUserPoolClient',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'iam:ListServerCertificates',
        'iam:GetServerCertificate',
        'waf-regional:GetWebACL',
        'waf-regional:GetWebACLForResource',
        'waf-regional:AssociateWebACL',
        'waf-regional:DisassociateWebACL',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'wafv2:AssociateWebACL',
        'wafv2:DisassociateWebACL',
        // The IngressClassParams name the web ACL (`wafv2AclName`); the controller finds its ARN by listing the
        // region's web ACLs (aws-load-balancer-controller@v3.5.0 pkg/ingress/model_builder.go, getArnByName), which
        // upstream's iam_policy.json does not grant.
        'wafv2:ListWebACLs',
        'shield:GetSubscriptionState',
        'shield:DescribeProtection',
        'shield:CreateProtection',
        'shield:DeleteProtection',
      ],
      Resource: '*',
    },
    {
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      Resource: '*',
    },
    { Effect: 'Allow', Action: 'ec2:CreateSecurityGroup', Resource: '*' },
    {
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: securityGroups,
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, ...TAGGED_BY_REQUEST },
    },
    {
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: securityGroups,
      Condition: KEEP_CLUSTER_TAG,
    },
    {
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      Resource: '*',
      Condition: TAGGED_RESOURCE,
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: '*',
      Condition: TAGGED_BY_REQUEST,
    },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
      ],
      Resource: '*',
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: balancers,
      Condition: KEEP_CLUSTER_TAG,
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: elbArns(partition, [
        'listener/net/*/*/*',
        'listener/app/*/*/*',
        'listener-rule/net/*/*/*',
        'listener-rule/app/*/*/*',
      ]),
    },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
      ],
      Resource: '*',
      Condition: TAGGED_RESOURCE,
    },
    {
      Effect: 'Allow',
      Action: 'elasticloadbalancing:AddTags',
      Resource: balancers,
      Condition: {
        StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
        ...TAGGED_BY_REQUEST,
      },
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: elbArns(partition, ['targetgroup/*/*']),
    },
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:SetWebAcl',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
      ],
      Resource: '*',
    },
  );
}

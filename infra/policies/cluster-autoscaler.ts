/**
 * Permissions of the Kubernetes Cluster Autoscaler with auto-discovery: upstream's recommended policy
 * (kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md, "Full Cluster Autoscaler Features
 * Policy"), with its mutating statement restricted, as upstream suggests, to the Auto Scaling groups tagged
 * as this cluster's. EKS puts that tag (`k8s.io/cluster-autoscaler/<cluster>`, with `k8s.io/cluster-autoscaler/enabled`)
 * on every managed node group's Auto Scaling group itself; tags on the node group resource would not reach it.
 */
import { policyDocument, type PolicyDocument } from '../policy';

export function clusterAutoscalerPolicy(clusterName: string): PolicyDocument {
  return policyDocument(
    {
      Sid: 'DiscoverNodeGroups',
      Effect: 'Allow',
      Action: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeAutoScalingInstances',
        'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities',
        'ec2:DescribeImages',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:GetInstanceTypesFromInstanceRequirements',
        'eks:DescribeNodegroup',
      ],
      Resource: '*',
    },
    {
      Sid: 'ScaleOwnNodeGroups',
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: '*',
      Condition: {
        StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' },
      },
    },
  );
}

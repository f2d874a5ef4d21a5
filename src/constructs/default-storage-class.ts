import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/**
 * The cluster's default StorageClass: encrypted gp3 volumes of the EBS CSI driver (an EKS managed add-on of infra),
 * created in the zone of the pod that claims them. EKS marks no class as default from Kubernetes 1.30 on, and
 * Prometheus, Alertmanager and Loki claim volumes without naming a class.
 */
export class DefaultStorageClass extends Construct {
  static readonly NAME = 'gp3';

  constructor(scope: Construct, id: string, props: { readonly labels: Record<string, string> }) {
    super(scope, id);
    new k8s.KubeStorageClass(this, 'Resource', {
      metadata: {
        name: DefaultStorageClass.NAME,
        labels: props.labels,
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: 'Delete',
    });
  }
}

/**
 * The cluster's default StorageClass, by what the cluster and the EBS CSI driver do with it:
 * - the DefaultStorageClass admission plugin gives a claim that names no class (Prometheus, Alertmanager, Loki) the
 *   class annotated `storageclass.kubernetes.io/is-default-class: "true"`, the exact string (kubernetes
 *   pkg/apis/storage/util/helpers.go IsDefaultAnnotation);
 * - the EBS CSI driver's external-provisioner provisions only classes whose provisioner is its driver name,
 *   `ebs.csi.aws.com`; the driver reads `type` (empty: gp3, pkg/cloud/cloud.go), `encrypted` (only the string
 *   "true" encrypts, pkg/driver/controller.go isTrue) and `csi.storage.k8s.io/fstype` (empty: the provisioner's
 *   --default-fstype, ext4 in the driver's chart, and ext4 on the node) (aws-ebs-csi-driver docs/parameters.md);
 * - EBS volumes are zonal: WaitForFirstConsumer creates the volume in the zone the pod was scheduled to;
 * - a claim may grow only when its class allows volume expansion (Kubernetes docs, "Expanding Persistent Volumes
 *   Claims"); a deleted claim's volume is deleted with the Delete reclaim policy (the default when unset; the API
 *   server refuses any value but Delete, Retain, Recycle).
 */
import { Testing } from 'cdk8s';
import { DefaultStorageClass } from '../../src/constructs/default-storage-class';
import { recommendedLabels } from '../../src/constructs/identity';
import { SHOP_IDENTITY as identity } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';

type Obj = Record<string, any>;
const labels = recommendedLabels(identity, 'storage');

function storageClass(): Obj {
  const chart = Testing.chart();
  new DefaultStorageClass(chart, 'storage', { labels });
  const objects = Testing.synth(chart);
  expectValidManifests(objects);
  expect(objects).toHaveLength(1);
  return objects[0];
}

/** The class a claim that names none gets: the one annotated as default. */
const defaultClassOf = (classes: Obj[]) =>
  classes.find((c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');

/** The EBS volume the driver creates for a claim of this class. */
function ebsVolume(sc: Obj) {
  const parameters: Record<string, string> = sc.parameters ?? {};
  return {
    type: parameters.type || 'gp3',
    encrypted: parameters.encrypted === 'true',
    fsType: parameters['csi.storage.k8s.io/fstype'] || 'ext4',
  };
}

describe("the cluster's default StorageClass", () => {
  it('is a StorageClass with the labels given', () => {
    expect(storageClass()).toMatchObject({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { labels },
    });
  });

  it('is what a claim naming no class gets', () => {
    const sc = storageClass();
    expect(defaultClassOf([sc])).toBe(sc);
  });

  it('is provisioned by the EBS CSI driver', () => {
    expect(storageClass().provisioner).toBe('ebs.csi.aws.com');
  });

  it('gives encrypted gp3 volumes formatted ext4', () => {
    expect(ebsVolume(storageClass())).toEqual({ type: 'gp3', encrypted: true, fsType: 'ext4' });
  });

  it('creates each volume in the zone of the pod that claims it', () => {
    expect(storageClass().volumeBindingMode).toBe('WaitForFirstConsumer');
  });

  it('lets a full volume grow, and deletes the volume of a deleted claim', () => {
    const sc = storageClass();
    expect(sc.allowVolumeExpansion).toBe(true);
    expect(sc.reclaimPolicy ?? 'Delete').toBe('Delete');
  });
});

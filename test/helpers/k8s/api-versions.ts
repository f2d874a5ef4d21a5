/**
 * Built-in API versions a manifest may use. The platform must apply to clusters from Kubernetes 1.28 to the
 * current release, so only versions served by ALL of them are allowed (kubernetes.io/docs/reference/using-api/
 * deprecation-guide). Custom resources are checked against the CRDs instead.
 */

/** Served by Kubernetes 1.28 and still served by current releases. */
export const SERVED_API_VERSIONS: ReadonlySet<string> = new Set([
  'v1',
  'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'apiregistration.k8s.io/v1',
  'apps/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'batch/v1',
  'certificates.k8s.io/v1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'networking.k8s.io/v1',
  'node.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1',
]);

/** Why a once-common built-in API version is refused, and what replaces it. */
export const REFUSED_API_VERSIONS: Readonly<Record<string, string>> = {
  'admissionregistration.k8s.io/v1beta1': 'beta API, not GA in Kubernetes 1.28; use admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1beta1': 'removed in Kubernetes 1.22; use apiextensions.k8s.io/v1',
  'apps/v1beta1': 'removed in Kubernetes 1.16; use apps/v1',
  'apps/v1beta2': 'removed in Kubernetes 1.16; use apps/v1',
  'autoscaling/v2beta1': 'removed in Kubernetes 1.25; use autoscaling/v2',
  'autoscaling/v2beta2': 'removed in Kubernetes 1.26; use autoscaling/v2',
  'batch/v1beta1': 'removed in Kubernetes 1.25; use batch/v1',
  'certificates.k8s.io/v1beta1': 'removed in Kubernetes 1.22; use certificates.k8s.io/v1',
  'coordination.k8s.io/v1beta1': 'removed in Kubernetes 1.22; use coordination.k8s.io/v1',
  'discovery.k8s.io/v1beta1': 'removed in Kubernetes 1.25; use discovery.k8s.io/v1',
  'events.k8s.io/v1beta1': 'removed in Kubernetes 1.25; use events.k8s.io/v1',
  'extensions/v1beta1':
    'removed in Kubernetes 1.16 (workloads) and 1.22 (Ingress); use apps/v1 or networking.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1': 'first served in Kubernetes 1.29, so 1.28 rejects it',
  'flowcontrol.apiserver.k8s.io/v1beta2': 'removed in Kubernetes 1.29',
  'flowcontrol.apiserver.k8s.io/v1beta3': 'removed in Kubernetes 1.32',
  'networking.k8s.io/v1beta1': 'removed in Kubernetes 1.22; use networking.k8s.io/v1',
  'node.k8s.io/v1beta1': 'removed in Kubernetes 1.25; use node.k8s.io/v1',
  'policy/v1beta1': 'removed in Kubernetes 1.25; use policy/v1',
  'rbac.authorization.k8s.io/v1beta1': 'removed in Kubernetes 1.22; use rbac.authorization.k8s.io/v1',
  'scheduling.k8s.io/v1beta1': 'removed in Kubernetes 1.22; use scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1': 'removed in Kubernetes 1.27 (CSIStorageCapacity); use storage.k8s.io/v1',
};

/** Kinds of allowed API versions that came after Kubernetes 1.28 (kubernetes-models follows a later release). */
export const KINDS_AFTER_1_28: Readonly<Record<string, string>> = {
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': 'GA in Kubernetes 1.30',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': 'GA in Kubernetes 1.30',
  'networking.k8s.io/v1/IPAddress': 'GA in Kubernetes 1.33',
  'networking.k8s.io/v1/ServiceCIDR': 'GA in Kubernetes 1.33',
};

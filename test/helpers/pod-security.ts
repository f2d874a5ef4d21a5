/**
 * Pod Security Admission as the API server runs it, ported from kubernetes/pod-security-admission (api/helpers.go,
 * admission/admission.go, policy/check_*.go):
 * - `namespacePodSecurity`: the policy a namespace's `pod-security.kubernetes.io/*` labels select, and whether the
 *   API server accepts the namespace at all (it refuses to create one whose labels do not parse);
 * - `restrictedViolations`: the checks of the `restricted` level (latest version) a pod spec fails.
 * Covered: the checks a pod's and its containers' security contexts, host namespaces, host ports and volume types
 * decide. Not covered (the project sets none of these fields): AppArmor, SELinux options, procMount, sysctls,
 * Windows pods, user-namespace pods, host probes.
 */

type Obj = Record<string, any>;

export type Level = 'privileged' | 'baseline' | 'restricted';

export interface ModePolicy {
  readonly level: Level;
  /** `latest` or `v1.<minor>`. */
  readonly version: string;
}

export interface NamespacePodSecurity {
  /** False when a label does not parse: the admission webhook refuses to create the namespace. */
  readonly admitted: boolean;
  readonly enforce: ModePolicy;
  readonly audit: ModePolicy;
  readonly warn: ModePolicy;
}

const PREFIX = 'pod-security.kubernetes.io/';
const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];
/** The API server's built-in defaults (no AdmissionConfiguration, as on EKS): privileged, latest, for every mode. */
const DEFAULT: ModePolicy = { level: 'privileged', version: 'latest' };

const parseLevel = (value: string) => (LEVELS as readonly string[]).includes(value);
const parseVersion = (value: string) => value === 'latest' || /^v1\.([0-9]|[1-9][0-9]*)$/.test(value);

/** api.PolicyToEvaluate: labels over the defaults; an unparsable enforce level enforces restricted (fail closed),
 * an unparsable audit or warn level falls back to privileged (fail open); warn follows a stricter enforce level. */
export function namespacePodSecurity(labels: Record<string, string> = {}): NamespacePodSecurity {
  let admitted = true;
  const mode = (name: 'enforce' | 'audit' | 'warn', invalidLevel: Level): ModePolicy => {
    const level = labels[`${PREFIX}${name}`];
    const version = labels[`${PREFIX}${name}-version`];
    if (level !== undefined && !parseLevel(level)) admitted = false;
    if (version !== undefined && !parseVersion(version)) admitted = false;
    return {
      level: level === undefined ? DEFAULT.level : parseLevel(level) ? (level as Level) : invalidLevel,
      version: version !== undefined && parseVersion(version) ? version : DEFAULT.version,
    };
  };
  const enforce = mode('enforce', 'restricted');
  const audit = mode('audit', 'privileged');
  let warn = mode('warn', 'privileged');
  const enforceSet = labels[`${PREFIX}enforce`] !== undefined && parseLevel(labels[`${PREFIX}enforce`]);
  if (
    labels[`${PREFIX}warn`] === undefined &&
    enforceSet &&
    LEVELS.indexOf(enforce.level) > LEVELS.indexOf(warn.level)
  ) {
    warn = {
      level: enforce.level,
      version: labels[`${PREFIX}warn-version`] === undefined ? enforce.version : warn.version,
    };
  }
  return { admitted, enforce, audit, warn };
}

const containersOf = (spec: Obj): Obj[] => [
  ...(spec.initContainers ?? []),
  ...(spec.containers ?? []),
  ...(spec.ephemeralContainers ?? []),
];

/** Volume sources the restricted level allows (check_restrictedVolumes.go). */
const RESTRICTED_VOLUMES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** Ids of the restricted-level checks (policy/check_<id>.go) this pod spec fails; empty when it is admitted. */
export function restrictedViolations(spec: Obj): string[] {
  const pod: Obj = spec.securityContext ?? {};
  const containers = containersOf(spec);
  const context = (c: Obj): Obj => c.securityContext ?? {};
  const failed: Record<string, boolean> = {
    // baseline
    hostNamespaces: Boolean(spec.hostNetwork || spec.hostPID || spec.hostIPC),
    privileged: containers.some((c) => context(c).privileged === true),
    hostPorts: containers.some((c) => (c.ports ?? []).some((p: Obj) => (p.hostPort ?? 0) !== 0)),
    // restricted
    restrictedVolumes: (spec.volumes ?? []).some((v: Obj) => !RESTRICTED_VOLUMES.some((source) => v[source])),
    allowPrivilegeEscalation: containers.some((c) => context(c).allowPrivilegeEscalation !== false),
    runAsNonRoot:
      pod.runAsNonRoot === false ||
      containers.some((c) =>
        context(c).runAsNonRoot === undefined ? pod.runAsNonRoot !== true : context(c).runAsNonRoot !== true,
      ),
    runAsUser: pod.runAsUser === 0 || containers.some((c) => context(c).runAsUser === 0),
    seccompProfile_restricted: seccompFails(pod, containers.map(context)),
    capabilities_restricted: containers.some((c) => {
      const { drop = [], add = [] } = context(c).capabilities ?? {};
      return !drop.includes('ALL') || add.some((cap: string) => cap !== 'NET_BIND_SERVICE');
    }),
  };
  return Object.keys(failed).filter((id) => failed[id]);
}

/** RuntimeDefault or Localhost, set on the pod or on every container; no container may set another type. */
function seccompFails(pod: Obj, contexts: Obj[]): boolean {
  const valid = (profile: Obj) => profile.type === 'RuntimeDefault' || profile.type === 'Localhost';
  if (pod.seccompProfile && !valid(pod.seccompProfile)) return true;
  const podSet = pod.seccompProfile !== undefined;
  return contexts.some((c) => (c.seccompProfile ? !valid(c.seccompProfile) : !podSet));
}

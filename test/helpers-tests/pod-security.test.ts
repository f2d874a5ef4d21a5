/**
 * The Pod Security Admission port against cases of kubernetes/pod-security-admission's own tests
 * (api/helpers_test.go, policy/check_*_test.go): each check fails the pod upstream fails, and passes the one it passes.
 */
import { namespacePodSecurity, restrictedViolations } from '../helpers/pod-security';

const P = 'pod-security.kubernetes.io/';

/** A pod of one container that meets the restricted level, with `patch` applied to a copy. */
function restrictedPod(patch: (spec: Record<string, any>) => void = () => undefined) {
  const spec: Record<string, any> = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'a', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
  patch(spec);
  return spec;
}
const container = (spec: Record<string, any>) => spec.containers[0].securityContext;

describe('restrictedViolations', () => {
  it('admits a pod that states every restricted setting', () => {
    expect(restrictedViolations(restrictedPod())).toEqual([]);
  });

  it.each<[string, (spec: Record<string, any>) => void, string]>([
    ['hostNetwork', (s) => (s.hostNetwork = true), 'hostNamespaces'],
    ['a privileged container', (s) => (container(s).privileged = true), 'privileged'],
    ['a host port', (s) => (s.containers[0].ports = [{ containerPort: 80, hostPort: 80 }]), 'hostPorts'],
    ['a hostPath volume', (s) => s.volumes.push({ name: 'h', hostPath: { path: '/' } }), 'restrictedVolumes'],
    ['allowPrivilegeEscalation unset', (s) => delete container(s).allowPrivilegeEscalation, 'allowPrivilegeEscalation'],
    [
      'allowPrivilegeEscalation true',
      (s) => (container(s).allowPrivilegeEscalation = true),
      'allowPrivilegeEscalation',
    ],
    ['runAsNonRoot unset everywhere', (s) => delete s.securityContext.runAsNonRoot, 'runAsNonRoot'],
    ['runAsNonRoot false on the pod', (s) => (s.securityContext.runAsNonRoot = false), 'runAsNonRoot'],
    ['runAsNonRoot false on a container', (s) => (container(s).runAsNonRoot = false), 'runAsNonRoot'],
    ['runAsUser 0 on the pod', (s) => (s.securityContext.runAsUser = 0), 'runAsUser'],
    ['runAsUser 0 on a container', (s) => (container(s).runAsUser = 0), 'runAsUser'],
    ['no seccomp profile', (s) => delete s.securityContext.seccompProfile, 'seccompProfile_restricted'],
    [
      'seccomp Unconfined on the pod',
      (s) => (s.securityContext.seccompProfile.type = 'Unconfined'),
      'seccompProfile_restricted',
    ],
    [
      'seccomp Unconfined on a container',
      (s) => (container(s).seccompProfile = { type: 'Unconfined' }),
      'seccompProfile_restricted',
    ],
    ['no capabilities', (s) => delete container(s).capabilities, 'capabilities_restricted'],
    ['drop without ALL', (s) => (container(s).capabilities.drop = ['NET_RAW']), 'capabilities_restricted'],
    ['an added capability', (s) => (container(s).capabilities.add = ['SYS_ADMIN']), 'capabilities_restricted'],
  ])('refuses %s', (_case, patch, check) => {
    expect(restrictedViolations(restrictedPod(patch))).toEqual([check]);
  });

  it.each<[string, (spec: Record<string, any>) => void]>([
    [
      'runAsNonRoot on the container instead of the pod',
      (s) => {
        delete s.securityContext.runAsNonRoot;
        container(s).runAsNonRoot = true;
      },
    ],
    [
      'seccomp Localhost on the container instead of the pod',
      (s) => {
        delete s.securityContext.seccompProfile;
        container(s).seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
      },
    ],
    ['NET_BIND_SERVICE added', (s) => (container(s).capabilities.add = ['NET_BIND_SERVICE'])],
    ['a non-root runAsUser', (s) => (s.securityContext.runAsUser = 1000)],
    ['a persistentVolumeClaim volume', (s) => s.volumes.push({ name: 'd', persistentVolumeClaim: { claimName: 'c' } })],
  ])('admits %s', (_case, patch) => {
    expect(restrictedViolations(restrictedPod(patch))).toEqual([]);
  });

  it('checks init containers too', () => {
    const spec = restrictedPod((s) => (s.initContainers = [{ name: 'init' }]));
    expect(restrictedViolations(spec)).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted']);
  });
});

describe('namespacePodSecurity', () => {
  it('enforces nothing without labels: the built-in default is privileged, latest', () => {
    expect(namespacePodSecurity({})).toEqual({
      admitted: true,
      enforce: { level: 'privileged', version: 'latest' },
      audit: { level: 'privileged', version: 'latest' },
      warn: { level: 'privileged', version: 'latest' },
    });
  });

  it('reads each mode and its version', () => {
    const policy = namespacePodSecurity({
      [`${P}enforce`]: 'baseline',
      [`${P}enforce-version`]: 'v1.30',
      [`${P}audit`]: 'restricted',
      [`${P}warn`]: 'restricted',
      [`${P}warn-version`]: 'latest',
    });
    expect(policy).toEqual({
      admitted: true,
      enforce: { level: 'baseline', version: 'v1.30' },
      audit: { level: 'restricted', version: 'latest' },
      warn: { level: 'restricted', version: 'latest' },
    });
  });

  it('warns at the enforce level when warn is not set', () => {
    expect(namespacePodSecurity({ [`${P}enforce`]: 'restricted' }).warn.level).toBe('restricted');
  });

  it.each([
    [`${P}enforce`, ''],
    [`${P}enforce`, 'strict'],
    [`${P}enforce-version`, ''],
    [`${P}enforce-version`, '1.30'],
    [`${P}audit`, ''],
    [`${P}warn`, 'Restricted'],
  ])('refuses to create a namespace labelled %s=%j', (label, value) => {
    expect(namespacePodSecurity({ [label]: value }).admitted).toBe(false);
  });

  it('fails closed on a bad enforce level and open on a bad audit or warn level', () => {
    const policy = namespacePodSecurity({ [`${P}enforce`]: '', [`${P}audit`]: '', [`${P}warn`]: '' });
    expect([policy.enforce.level, policy.audit.level, policy.warn.level]).toEqual([
      'restricted',
      'privileged',
      'privileged',
    ]);
  });
});

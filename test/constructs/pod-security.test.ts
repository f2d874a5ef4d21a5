/**
 * The security contexts of every app pod and container, judged by the Pod Security Admission checks of the
 * `restricted` level (test/helpers/pod-security.ts, ported from kubernetes/pod-security-admission), the level the app
 * namespace enforces. Each context is checked on its own as well, so that a setting one of them drops is not hidden
 * by the other: the pod's alone must settle every pod-level check, the container's alone every check.
 */
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../src/constructs/pod-security';
import { restrictedViolations } from '../helpers/pod-security';

const pod = (podContext?: object, containerContext?: object) => ({
  securityContext: podContext,
  containers: [{ name: 'web', image: 'shop:abc1234', securityContext: containerContext }],
  volumes: [{ name: 'tmp', emptyDir: {} }],
});

describe('the restricted security contexts', () => {
  it('admit a pod that carries both at the restricted level', () => {
    expect(restrictedViolations(pod(restrictedPodSecurityContext(), restrictedContainerSecurityContext()))).toEqual([]);
  });

  it('settle non-root, the user and seccomp at pod level: a container stating nothing misses only container-only fields', () => {
    expect(restrictedViolations(pod(restrictedPodSecurityContext(), undefined))).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
    ]);
  });

  it('make a container restricted even in a pod that states nothing', () => {
    expect(restrictedViolations(pod(undefined, restrictedContainerSecurityContext()))).toEqual([]);
  });

  it('keep the root filesystem read-only (the pod writes only to its /tmp emptyDir)', () => {
    expect(restrictedContainerSecurityContext().readOnlyRootFilesystem).toBe(true);
  });

  it('run as one non-root user and group, which also owns the volumes', () => {
    const { runAsUser, runAsGroup, fsGroup } = restrictedPodSecurityContext();
    expect(runAsUser).toBeGreaterThan(0);
    expect([runAsGroup, fsGroup]).toEqual([runAsUser, runAsUser]);
  });
});

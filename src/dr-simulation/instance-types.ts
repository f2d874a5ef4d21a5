/**
 * Allocatable resources of EKS nodes per EC2 instance type: capacity minus kube-reserved minus the hard
 * eviction threshold, as nodeadm configures the kubelet on the EKS AL2023 AMI
 * (awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go, withDefaultReservedResources):
 * - kube-reserved CPU: 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% above
 *   (getCPUMillicoresToReserve);
 * - kube-reserved memory: 11 MiB x maxPods + 255 MiB (getMemoryMebibytesToReserve);
 * - evictionHard memory.available: 100Mi;
 * - maxPods from nodeadm/internal/kubelet/eni-max-pods.txt (ENIs x (IPv4 per ENI - 1) + 2).
 * The memory the instance reports is below its nominal size; like Karpenter (VM_MEMORY_OVERHEAD_PERCENT,
 * default 0.075) the model takes 7.5% off. vCPUs and memory are EC2's published sizes.
 */
import type { Allocatable } from './cluster';

interface InstanceType {
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly maxPods: number;
}

const MiB = 2 ** 20;
const VM_MEMORY_OVERHEAD = 0.075;
const EVICTION_HARD_MEMORY_MIB = 100;

export const INSTANCE_TYPES: Readonly<Record<string, InstanceType>> = {
  't4g.medium': { vcpus: 2, memoryGiB: 4, maxPods: 17 },
  'c7g.large': { vcpus: 2, memoryGiB: 4, maxPods: 29 },
  'm6i.large': { vcpus: 2, memoryGiB: 8, maxPods: 29 },
  'm7g.large': { vcpus: 2, memoryGiB: 8, maxPods: 29 },
  'r6g.large': { vcpus: 2, memoryGiB: 16, maxPods: 29 },
  'm6i.xlarge': { vcpus: 4, memoryGiB: 16, maxPods: 58 },
  'm7g.xlarge': { vcpus: 4, memoryGiB: 16, maxPods: 58 },
  'm7g.2xlarge': { vcpus: 8, memoryGiB: 32, maxPods: 58 },
};

/** getCPUMillicoresToReserve: per-range percentages in hundredths of a percent. */
function cpuReservedMillis(totalMillis: number): number {
  const ranges: readonly [number, number, number][] = [
    [0, 1000, 600],
    [1000, 2000, 100],
    [2000, 4000, 50],
    [4000, totalMillis, 25],
  ];
  return ranges
    .filter(([start]) => totalMillis > start)
    .reduce((sum, [start, end, share]) => sum + Math.floor(((Math.min(totalMillis, end) - start) * share) / 10000), 0);
}

export function nodeAllocatable(instanceType: string): Allocatable {
  const type = INSTANCE_TYPES[instanceType];
  if (type === undefined) {
    throw new Error(
      `instance type ${instanceType} has no allocatable table entry (known: ${Object.keys(INSTANCE_TYPES).join(', ')})`,
    );
  }
  const cpu = type.vcpus * 1000;
  const capacityMiB = Math.floor(type.memoryGiB * 1024 * (1 - VM_MEMORY_OVERHEAD));
  const kubeReservedMiB = 11 * type.maxPods + 255;
  return {
    cpuMillis: cpu - cpuReservedMillis(cpu),
    memoryBytes: (capacityMiB - kubeReservedMiB - EVICTION_HARD_MEMORY_MIB) * MiB,
    pods: type.maxPods,
  };
}

import { k8s } from 'cdk8s-plus-28';

/** Pod-template-hash label Argo Rollouts sets; spreading per hash keeps stable and canary each balanced. */
const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';

export interface ZoneSpreadOptions {
  /**
   * Refuse to schedule a pod that would unbalance the zones (`DoNotSchedule`) instead of only preferring
   * balance (`ScheduleAnyway`).
   */
  readonly hard: boolean;
  /** Labels selecting the workload's own pods: the ones counted per zone and per node. */
  readonly selector: Readonly<Record<string, string>>;
}

/**
 * Topology spread of one workload's pods across zones and nodes that keeps scheduling replacements when any
 * one zone is lost, by construction:
 *
 * - no `minDomains`: kube-scheduler's `minMatchNum` (pkg/scheduler/framework/plugins/podtopologyspread/
 *   filtering.go) forces the global minimum to 0 when fewer eligible zones than `minDomains` remain, which
 *   blocks every replacement once a zone is gone; unset it counts as 1 (common.go, `filterTopologySpreadConstraints`).
 * - `nodeTaintsPolicy: Honor`: the lost zone's nodes carry `node.kubernetes.io/unreachable:NoSchedule`
 *   (pkg/controller/nodelifecycle, `doNoScheduleTaintingPass`) that no pod tolerates (the
 *   DefaultTolerationSeconds admission plugin only adds NoExecute tolerations), so Honor drops that zone
 *   from the count. With the default Ignore it stays an eligible zone with 0 counted pods (terminating pods
 *   are skipped by `countPodsMatchSelector`, common.go) and drags the global minimum to 0 for as long as its
 *   node objects exist.
 * - `maxSkew: 1` with `DoNotSchedule`: the zone holding the fewest pods always passes
 *   (`matchNum + 1 - minMatchNum = 1`), so only capacity can keep a pod pending.
 *
 * The zone count is deliberately not an input: the rule holds whatever number of zones is left.
 * The hostname constraint only prefers spreading across nodes; it never blocks.
 */
export function zoneSpreadConstraints(options: ZoneSpreadOptions): k8s.TopologySpreadConstraint[] {
  const labelSelector = { matchLabels: { ...options.selector } };
  return [
    {
      topologyKey: 'topology.kubernetes.io/zone',
      maxSkew: 1,
      whenUnsatisfiable: options.hard ? 'DoNotSchedule' : 'ScheduleAnyway',
      nodeAffinityPolicy: 'Honor',
      nodeTaintsPolicy: 'Honor',
      labelSelector,
      matchLabelKeys: [POD_TEMPLATE_HASH_LABEL],
    },
    {
      topologyKey: 'kubernetes.io/hostname',
      maxSkew: 1,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector,
      matchLabelKeys: [POD_TEMPLATE_HASH_LABEL],
    },
  ];
}

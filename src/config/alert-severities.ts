/**
 * The ops manual's severities and the severity of every alert by built-in profile. P1 pages the on-call, P2 posts to
 * Slack, P3 mails. The keys are the alert catalog: an environment may override any of them (`alertSeverities`), and
 * the observability layer defines exactly these alerts.
 */
export const SEVERITIES = ['P1', 'P2', 'P3'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ProfileSeverities {
  readonly production: Severity;
  readonly 'non-production': Severity;
}

export const ALERT_SEVERITIES = {
  HttpHighErrorRate: { production: 'P1', 'non-production': 'P3' },
  HttpErrorBudgetFastBurn: { production: 'P1', 'non-production': 'P3' },
  HttpErrorBudgetSlowBurn: { production: 'P2', 'non-production': 'P3' },
  HttpServiceDown: { production: 'P1', 'non-production': 'P3' },
  WorkerDown: { production: 'P2', 'non-production': 'P3' },
  PodCrashLooping: { production: 'P2', 'non-production': 'P3' },
  PublicEndpointDown: { production: 'P1', 'non-production': 'P3' },
  TlsCertificateExpiringSoon: { production: 'P2', 'non-production': 'P3' },
  LoadBalancerHighErrorRate: { production: 'P1', 'non-production': 'P3' },
  LoadBalancerUnhealthyTargets: { production: 'P2', 'non-production': 'P3' },
  PostgresPrimaryDown: { production: 'P1', 'non-production': 'P3' },
  PostgresReplicaDown: { production: 'P2', 'non-production': 'P3' },
  PostgresReplicationLagHigh: { production: 'P2', 'non-production': 'P3' },
  PostgresConnectionsNearLimit: { production: 'P2', 'non-production': 'P3' },
  RedisDown: { production: 'P2', 'non-production': 'P3' },
  RedisMemoryNearLimit: { production: 'P2', 'non-production': 'P3' },
  // The manual: a node's disk filling within 24 hours is P2, whatever the environment.
  NodeDiskFillingUp: { production: 'P2', 'non-production': 'P2' },
  NodeNotReady: { production: 'P2', 'non-production': 'P3' },
  RolloutFailed: { production: 'P2', 'non-production': 'P3' },
  RolloutSucceeded: { production: 'P3', 'non-production': 'P3' },
  // Without the controller's metrics every deployment alert is dead: that is worth Slack in any environment.
  RolloutMetricsAbsent: { production: 'P2', 'non-production': 'P2' },
} as const satisfies Record<string, ProfileSeverities>;

export type AlertName = keyof typeof ALERT_SEVERITIES;
export const ALERT_NAMES = Object.keys(ALERT_SEVERITIES) as [AlertName, ...AlertName[]];

/** The severity map of one built-in profile. */
export function builtInSeverities(profile: keyof ProfileSeverities): Record<AlertName, Severity> {
  return Object.fromEntries(ALERT_NAMES.map((name) => [name, ALERT_SEVERITIES[name][profile]])) as Record<
    AlertName,
    Severity
  >;
}

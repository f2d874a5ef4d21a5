/**
 * What prometheus-operator v0.93.0 generates from AlertmanagerConfig custom resources, written independently of
 * src/observability/alertmanager-yaml.ts after pkg/alertmanager (operator.go, amcfg.go): the global
 * AlertmanagerConfig is the base; the selected ones are checked one by one and a resource that reads a missing Secret
 * key is rejected alone; the rest get `continue: true` on their top route and go first, sorted by
 * `<namespace>/<name>`; every receiver becomes `<namespace>/<name>/<receiver>`; Secret values are inlined.
 */
export interface SecretRef {
  readonly name: string;
  readonly key: string;
}

export interface AlertmanagerConfigResource {
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec: any;
}

/** A Secret store: the value of a key, or undefined when the Secret or the key is missing. */
export type SecretLookup = (ref: SecretRef) => string | undefined;

class MissingSecret extends Error {}

const matcher = (m: any) => `${m.name}${m.matchType ?? '='}${JSON.stringify(m.value)}`;

function timing(r: any): Record<string, string> {
  return Object.fromEntries(
    [
      ['group_wait', r.groupWait],
      ['group_interval', r.groupInterval],
      ['repeat_interval', r.repeatInterval],
    ].filter(([, v]) => v !== undefined),
  );
}

function convertReceiver(r: any, prefix: string, lookup: SecretLookup): Record<string, unknown> {
  const secret = (ref: SecretRef) => {
    const value = lookup(ref);
    if (value === undefined) throw new MissingSecret(`key "${ref.key}" in secret "${ref.name}" not found`);
    return value;
  };
  const out: Record<string, unknown> = { name: `${prefix}/${r.name}` };
  if (r.webhookConfigs) {
    out.webhook_configs = r.webhookConfigs.map((c: any) => ({
      url: secret(c.urlSecret),
      send_resolved: c.sendResolved,
    }));
  }
  if (r.pagerdutyConfigs) {
    out.pagerduty_configs = r.pagerdutyConfigs.map((c: any) => ({
      routing_key: secret(c.routingKey),
      send_resolved: c.sendResolved,
      // convertPagerdutyConfig copies the severity as written.
      ...(c.severity !== undefined && { severity: c.severity }),
    }));
  }
  if (r.slackConfigs) {
    out.slack_configs = r.slackConfigs.map((c: any) => ({
      api_url: secret(c.apiURL),
      channel: c.channel,
      send_resolved: c.sendResolved,
      title: c.title,
      text: c.text,
    }));
  }
  if (r.emailConfigs) {
    out.email_configs = r.emailConfigs.map((c: any) => ({
      to: c.to,
      from: c.from,
      smarthost: c.smarthost,
      auth_username: c.authUsername,
      auth_password: secret(c.authPassword),
      send_resolved: c.sendResolved,
    }));
  }
  return out;
}

function convertInhibitRule(rule: any): Record<string, unknown> {
  return {
    ...(rule.sourceMatch?.length && { source_matchers: rule.sourceMatch.map(matcher) }),
    ...(rule.targetMatch?.length && { target_matchers: rule.targetMatch.map(matcher) }),
    ...(rule.equal?.length && { equal: rule.equal }),
  };
}

export interface OperatorResult {
  readonly config: Record<string, unknown>;
  /** Names of the selected AlertmanagerConfigs the operator rejected. */
  readonly rejected: string[];
}

/**
 * The generated configuration. Throws when the global AlertmanagerConfig reads a missing Secret: the operator
 * then fails the whole reconcile and generates nothing.
 */
export function operatorConfig(
  global: AlertmanagerConfigResource,
  selected: readonly AlertmanagerConfigResource[],
  lookup: SecretLookup,
): OperatorResult {
  const key = (r: AlertmanagerConfigResource) => `${r.metadata.namespace}/${r.metadata.name}`;
  const globalPrefix = key(global);
  const receivers = global.spec.receivers.map((r: any) => convertReceiver(r, globalPrefix, lookup));
  const routes: Record<string, unknown>[] = [];
  const rejected: string[] = [];
  for (const resource of [...selected].sort((a, b) => (key(a) < key(b) ? -1 : 1))) {
    let converted: Record<string, unknown>[];
    try {
      converted = resource.spec.receivers.map((r: any) => convertReceiver(r, key(resource), lookup));
    } catch (error) {
      if (!(error instanceof MissingSecret)) throw error;
      rejected.push(resource.metadata.name);
      continue;
    }
    receivers.push(...converted);
    const { route } = resource.spec;
    routes.push({
      receiver: `${key(resource)}/${route.receiver}`,
      matchers: (route.matchers ?? []).map(matcher),
      ...timing(route),
      continue: true,
    });
  }
  const root = global.spec.route;
  return {
    config: {
      route: {
        receiver: `${globalPrefix}/${root.receiver}`,
        group_by: root.groupBy,
        ...timing(root),
        routes,
      },
      inhibit_rules: (global.spec.inhibitRules ?? []).map(convertInhibitRule),
      receivers,
    },
    rejected,
  };
}

/** Whether a label selector selects these labels (the scheduler model's metav1.LabelSelectorAsSelector). */
export { selectorMatches as selects } from '../../src/dr-simulation/labels';

/** PromQL text helpers shared by the alerts and the dashboards. */

/**
 * A PromQL selector: `selector('up', { job: 'api', code: '=~5..', container: '!=' })` is
 * `up{job="api", code=~"5..", container!=""}`. A value starting with `=~`, `!~` or `!=` carries its operator.
 */
export function selector(metric: string, matchers: Record<string, string>): string {
  const parts = Object.entries(matchers).map(([name, value]) => {
    const match = /^(=~|!~|!=|=)(.*)$/s.exec(value);
    const [op, operand] = match ? [match[1], match[2]] : ['=', value];
    return `${name}${op}${JSON.stringify(operand)}`;
  });
  return `${metric}{${parts.join(', ')}}`;
}

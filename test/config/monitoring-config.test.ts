/**
 * The monitoring config: what a deployment must supply (the SES SMTP username, the heartbeat Secret, the error-rate
 * guard, the runbooks' base URL, Grafana's dashboard label) is rejected with the field path and the rule when it is
 * missing or malformed.
 */
import { loadPlatform } from '../../src/config';
import { platformWith, problemsOf } from '../helpers/platform';

const alerting = (c: any) => c.monitoring.alerting;
const email = (c: any) => alerting(c).receivers.email;
const USERNAME = 'monitoring.alerting.receivers.email.username';
const SES_RULE =
  `${USERNAME}: must be the SES SMTP username (the 20-character access key ID, AKIA..., that SES generated the SMTP ` +
  'credentials from) when smarthost is an SES endpoint';

describe('monitoring config', () => {
  it.each([
    ['a mailbox name', 'alertmanager'],
    ['an access key ID in lower case', 'akiaiosfodnn7example'],
    ['a key ID one character short', 'AKIAIOSFODNN7EXAMPL'],
    ['an IAM user name', 'ses-smtp-user.20261125'],
  ])('rejects %s as the SMTP username of an SES smarthost', (_, username) => {
    const problems = problemsOf(platformWith((c) => (email(c).username = username)));
    expect(problems).toEqual([SES_RULE]);
  });

  it('requires the SMTP username: there is no default to fall back on', () => {
    const problems = problemsOf(platformWith((c) => delete email(c).username));
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${USERNAME.replace(/\./g, '\\.')}: `))]);
  });

  it('accepts an SES-generated username, and any non-empty username for another relay', () => {
    expect(() => loadPlatform(platformWith((c) => (email(c).username = 'AKIA2345ABCDEFGHIJKL')))).not.toThrow();
    const otherRelay = platformWith((c) => {
      email(c).smarthost = 'smtp.example.com:587';
      email(c).username = 'alertmanager';
    });
    expect(loadPlatform(otherRelay).monitoring.alerting.receivers.email.username).toBe('alertmanager');
    const empty = platformWith((c) => {
      email(c).smarthost = 'smtp.example.com:587';
      email(c).username = '';
    });
    expect(problemsOf(empty)).toEqual([`${USERNAME}: must not be empty`]);
  });

  it('takes the heartbeat URL only as a Secret reference', () => {
    expect(
      loadPlatform(platformWith((c) => delete alerting(c).receivers.heartbeat)).monitoring.alerting.receivers,
    ).toMatchObject({ heartbeat: { url: { name: 'alertmanager-heartbeat', key: 'url' } } });
    expect(
      problemsOf(platformWith((c) => (alerting(c).receivers.heartbeat = { url: 'https://hc-ping.com/inline-token' }))),
    ).toEqual([expect.stringMatching(/^monitoring\.alerting\.receivers\.heartbeat\.url: /)]);
  });

  it.each([
    [0, 'must be > 0'],
    [-1, 'must be > 0'],
    ['1', 'must be a number, not a string'],
  ])('rejects %p as the minimum request rate of HttpHighErrorRate', (value, rule) => {
    const problems = problemsOf(platformWith((c) => (alerting(c).httpErrorRate = { minRequestsPerSecond: value })));
    expect(problems).toEqual([`monitoring.alerting.httpErrorRate.minRequestsPerSecond: ${rule}`]);
  });

  it('rejects a runbook base URL ending in "/": runbook_url is `<base>/<alert-name>.md`', () => {
    const problems = problemsOf(
      platformWith((c) => (c.monitoring.runbookBaseUrl = 'https://github.com/your-org/runbooks/')),
    );
    expect(problems).toEqual(['monitoring.runbookBaseUrl: must not end with "/"']);
  });

  it.each([
    ['no label', {}],
    ['two labels', { grafana_dashboard: '1', team: 'platform' }],
  ])("rejects %s as the label Grafana's dashboard sidecar loads dashboards by (one key, one value)", (_, labels) => {
    const problems = problemsOf(platformWith((c) => (c.monitoring.grafana = { dashboardLabel: labels })));
    expect(problems).toEqual(['monitoring.grafana.dashboardLabel: must have exactly one label']);
  });

  it('accepts one dashboard label of your own', () => {
    const loaded = loadPlatform(platformWith((c) => (c.monitoring.grafana = { dashboardLabel: { team: 'platform' } })));
    expect(loaded.monitoring.grafana.dashboardLabel).toEqual({ team: 'platform' });
  });
});

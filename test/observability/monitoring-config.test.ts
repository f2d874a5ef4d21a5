/**
 * The alerting part of the monitoring config: what a deployment must supply (the SES SMTP username, the heartbeat
 * Secret, the error-rate guard) is rejected with the field path and the rule when it is missing or malformed.
 */
import { loadPlatform } from '../../src/config';
import { platformWith, problemsOf } from '../helpers/platform';

const alerting = (c: any) => c.monitoring.alerting;
const email = (c: any) => alerting(c).receivers.email;
const USERNAME = 'monitoring.alerting.receivers.email.username';
const SES_RULE = `${USERNAME}: must be the SES SMTP username`;

describe('monitoring.alerting config', () => {
  it.each([
    ['a mailbox name', 'alertmanager'],
    ['an access key ID in lower case', 'akiaiosfodnn7example'],
    ['a key ID one character short', 'AKIAIOSFODNN7EXAMPL'],
    ['an IAM user name', 'ses-smtp-user.20261125'],
  ])('rejects %s as the SMTP username of an SES smarthost', (_, username) => {
    const problems = problemsOf(platformWith((c) => (email(c).username = username)));
    expect(problems).toEqual([expect.stringContaining(SES_RULE)]);
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
});

import { run, runOk, toolPath } from '../helpers/tools';

describe('real tools', () => {
  it.each([
    ['helm', ['version', '--short'], /^v3\.\d+\.\d+/],
    ['helm4', ['version', '--short'], /^v4\.\d+\.\d+/],
    ['kubectl', ['version', '--client'], /^Client Version: v1\.\d+\.\d+/],
    ['promtool', ['--version'], /^promtool, version 2\./],
    ['prometheus', ['--version'], /^prometheus, version 2\./],
    ['amtool', ['--version'], /^amtool, version 0\./],
  ] as const)('%s is installed and runs', (tool, args, expected) => {
    expect(toolPath(tool)).toMatch(new RegExp(`/${tool}$`));
    expect(runOk(tool, args)).toMatch(expected);
  });

  it('returns the exit status and output of a failing run', () => {
    const result = run('helm', ['no-such-command']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('unknown command "no-such-command"');
    expect(() => runOk('helm', ['no-such-command'])).toThrow(/helm no-such-command exited 1:\n.*unknown command/);
  });

  it('passes standard input and runs without a shell', () => {
    const counter = (name: string) => `# HELP ${name} Requests.\n# TYPE ${name} counter\n${name} 1\n`;
    expect(run('promtool', ['check', 'metrics'], { input: counter('http_requests_total') }).status).toBe(0);
    const lint = run('promtool', ['check', 'metrics'], { input: counter('http_requests') });
    expect(lint.stdout + lint.stderr).toContain('counter metrics should have "_total" suffix');
    // With a shell, `$(echo x)` would become x; here it is passed as it is.
    expect(run('promtool', ['check', 'rules', '$(echo x)']).stderr).toContain("path '$(echo x)' does not exist");
  });

  it('fails with install instructions when a tool is missing, instead of skipping', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => toolPath('promtool')).toThrow(/promtool is not installed .*apt-get install prometheus/);
      expect(() => toolPath('amtool')).toThrow(/amtool is not installed .*apt-get install prometheus-alertmanager/);
    } finally {
      process.env.PATH = saved;
    }
  });
});

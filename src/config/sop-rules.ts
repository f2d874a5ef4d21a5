/** Rules of the `sop` section that span fields: the drill's API calls, tenant samples and port fit the platform. */
import type { Path, Report } from './rules';
import type { Platform } from './schema';

export function checkSopRules(platform: Platform, report: Report): void {
  const drill = platform.sop?.restoreDrill;
  if (!drill) return;
  const at: Path = ['sop', 'restoreDrill'];
  const service = platform.services[drill.api.service];
  if (service?.kind !== 'http') {
    const http = Object.entries(platform.services)
      .filter(([, definition]) => definition.kind === 'http')
      .map(([name]) => name);
    report([...at, 'api', 'service'], `must name an http service (${http.join(', ')})`);
  }
  drill.api.calls.forEach((call, i) => {
    const perTenant = call.path.includes('{tenant}');
    const counted = perTenant ? drill.tenants.tables : drill.tables;
    if (!counted.includes(call.count.table)) {
      const list = perTenant ? 'tenants.tables' : 'tables';
      report(
        [...at, 'api', 'calls', i, 'count', 'table'],
        `must be one of ${list} (${counted.join(', ')}): the drill compares the answer with that table's restored count${perTenant ? ' per tenant' : ''}`,
      );
    }
    if (drill.api.calls.findIndex((other) => other.name === call.name) !== i) {
      report([...at, 'api', 'calls', i, 'name'], `must be unique ("${call.name}" is used twice)`);
    }
  });
  for (const name of Object.keys(drill.sampledTenants)) {
    if (!platform.environments[name]) {
      report(
        [...at, 'sampledTenants', name],
        `must name an environment (${Object.keys(platform.environments).join(', ')})`,
      );
    }
  }
  for (const [name, env] of Object.entries(platform.environments)) {
    if (platform.profiles[env.profile]?.scheduledRestoreDrill && !drill.sampledTenants[name]) {
      report(
        [...at, 'sampledTenants', name],
        `is required: profile ${env.profile} schedules the restore drill for ${name}, which compares sampled tenants`,
      );
    }
  }
  const clashing = Object.entries(platform.environments).filter(([, env]) => env.database.port === drill.port);
  if (clashing.length > 0) {
    report(
      [...at, 'port'],
      `must differ from database.port (${drill.port} in ${clashing.map(([name]) => name).join(', ')}): production pods may reach that port`,
    );
  }
}

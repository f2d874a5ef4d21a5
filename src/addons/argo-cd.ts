/**
 * Argo CD, installed once by hand from these same values (the README's bootstrap), then managing itself from its own
 * Application. argoproj/argo-helm@argo-cd-10.1.1 charts/argo-cd (Argo CD v3.4.4).
 * - The app-of-apps orders its Applications by sync wave, but Argo CD stopped assessing an Application's health in
 *   1.8, so a wave would not wait for the previous wave's add-ons to be healthy; the health check the docs give for
 *   this pattern restores that (argoproj/argo-cd@v3.4.4 docs/operator-manual/health.md, "Argocd App").
 * - Its ServiceMonitors render only once the monitoring API exists (the chart checks .Capabilities), so the
 *   bootstrap install has none and the self-managed Application adds them after kube-prometheus-stack.
 */
import { monitoringLabels, type AddOn } from './addon';

export const ARGOCD_NAMESPACE = 'argocd';

/** Lua of the Application health check: an Application is as healthy as its status says. */
export const APPLICATION_HEALTH_LUA = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil then',
  '  if obj.status.health ~= nil then',
  '    hs.status = obj.status.health.status',
  '    if obj.status.health.message ~= nil then',
  '      hs.message = obj.status.health.message',
  '    end',
  '  end',
  'end',
  'return hs',
  '',
].join('\n');

export const argoCd: AddOn = {
  name: 'argo-cd',
  chart: { repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '10.1.1' },
  wave: 0,
  crdGroups: ['argoproj.io'],
  serverSideApply: true,
  namespace: () => ARGOCD_NAMESPACE,
  values: (ctx) => {
    const serviceMonitor = { enabled: true, additionalLabels: monitoringLabels(ctx.platform) };
    return {
      configs: { cm: { 'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA } },
      // No single sign-on is configured: Dex would run for nothing.
      dex: { enabled: false },
      controller: { metrics: { enabled: true, serviceMonitor } },
      server: { metrics: { enabled: true, serviceMonitor } },
      repoServer: { metrics: { enabled: true, serviceMonitor } },
    };
  },
};

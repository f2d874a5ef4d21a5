/** Kind `worker`: no Service port and no traffic; probed on the metrics port, canaried by replicas. */
import type { WorkerServiceDefinition } from '../config';
import type { ServiceKind } from './service-kind';

export const workerService: ServiceKind<WorkerServiceDefinition> = {
  build: () => ({ ports: [], probePort: 'metrics', ingress: [] }),
};

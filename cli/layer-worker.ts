/**
 * A layer on a second thread (RunContext.layerWorker), beside the main thread's cluster layer: the cloud layer
 * writes its stacks into the temporary directory it is given; the Helm chart is rendered in memory and posted back.
 * An exception fails the run like one in the main thread.
 */
import { parentPort, workerData } from 'worker_threads';
import type { LayerJob } from './synthesize';

const job = workerData as LayerJob;
/* eslint-disable @typescript-eslint/no-require-imports -- a worker loads only its own layer's modules */
if (job.layer === 'infra') {
  const { synthesizeInfra } = require('../infra/synthesize') as typeof import('../infra/synthesize');
  synthesizeInfra(job.platform, job.outdir, job.environments);
} else {
  const { projectVersion, renderHelmChart } = require('../src/helm') as typeof import('../src/helm');
  parentPort?.postMessage(renderHelmChart(job.platform, { version: projectVersion(job.projectRoot) }));
}
/* eslint-enable @typescript-eslint/no-require-imports */

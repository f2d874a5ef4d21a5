/**
 * The cloud layer on a second thread (RunContext.infraWorker): synthesizes the stacks into the temp directory it
 * is given while the main thread renders the cluster layer. An exception fails the run like one in the main thread.
 */
import { workerData } from 'worker_threads';
import { synthesizeInfra } from '../infra/synthesize';
import type { InfraJob } from './synthesize';

const { platform, outdir, environments } = workerData as InfraJob;
synthesizeInfra(platform, outdir, environments);

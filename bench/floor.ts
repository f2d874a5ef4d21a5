/** The floor of a benchmark: a process that loads the libraries of one layer and synthesizes nothing. */
import 'cdk8s';
import 'cdk8s-plus-28';
import '../src/config';

if (process.argv[2] === 'infra') {
  // Loaded only for this floor: the cluster layer's floor must not pay for cdktf.
  void import('../infra/app');
}

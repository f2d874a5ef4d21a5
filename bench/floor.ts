/** The floor of the cluster layer's cases: a process that loads its libraries and synthesizes nothing. */
import 'cdk8s';
import 'cdk8s-plus-28';
import '../src/config';

/** The floor of the cloud layer's cases: a process that loads cdktf and the stacks' modules, synthesizing nothing. */
import 'cdktf';
import '../infra/app';

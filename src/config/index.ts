/** The typed platform config. Free of cdk8s and cdktf so both layers import it. */
export * from './cidr';
export * from './cloud-rules';
export * from './default-monitoring';
export * from './default-platform';
export * from './environment';
export * from './load';
export * from './monitoring';
export * from './names';
export * from './network';
export * from './rules';
export * from './schema';
export * from './service';

/** The typed platform file. Free of cdk8s and cdktf so both layers import it. */
export * from './alert-severities';
export * from './built-in-profiles';
export * from './cidr';
export * from './cloud-rules';
export * from './default-platform';
export * from './delivery';
export * from './environment';
export * from './issues';
export * from './load';
export * from './monitoring';
export * from './names';
export * from './network';
export * from './profile';
export * from './rules';
export * from './schema';
export * from './service';
export * from './json-schema';

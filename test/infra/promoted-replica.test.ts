/**
 * SOP-02 step 6 at the level of the synthesized stacks: `database.promotedReplica` describes the promoted database.
 * The instance created as the replica becomes the stack's Multi-AZ primary in place (same Terraform address, same
 * identifier, same zone: nothing forces a replacement), a new read replica takes the former primary's identifier
 * and address, and each private name stays with its instance, so the app's `database.host` set by the repoint
 * (phase repoint) is what the switch then resolves to by default.
 */
import { databaseInstances, loadPlatform } from '../../src/config';
import { OUTPUT } from '../../infra/outputs';
import { defaultDocument } from '../helpers/platform';
import { environmentObjects, findObject } from '../helpers/manifests';
import { ref, resource, resourceList, resources, single, synthesizeStacks, type Block } from './synth';

const ENV = 'production';
const STACK = 'your-app-production';
const MAIN = 'environment_database_primary';
const REPLICA = 'environment_database_replica';

function platformWith(database: Record<string, unknown>) {
  const document = defaultDocument();
  Object.assign(document.environments[ENV].database, database);
  return loadPlatform(document);
}

const hosts = databaseInstances('your-app', ENV, false);
const before = platformWith({});
// The repoint (SOP-02 step 4) sets database.host to the replica's name; step 6 then sets the switch.
const repointed = platformWith({ host: hosts.replica.host });
const after = platformWith({ promotedReplica: true });
const stacks = {
  before: synthesizeStacks(before).get(STACK)!.config,
  repointed: synthesizeStacks(repointed).get(STACK)!.config,
  after: synthesizeStacks(after).get(STACK)!.config,
};
const { database, aws } = after.environments[ENV];
const records = (config: Block) =>
  resourceList(config, 'aws_route53_record')
    .filter((record) => record.name.startsWith('postgres'))
    .map((record) => [record.name, record.records[0]])
    .sort();

it('resolves database.host to the promoted instance, the value the repoint wrote', () => {
  expect(database.host).toBe(hosts.replica.host);
  expect(repointed.environments[ENV].database.host).toBe(database.host);
  const configMap = (platform: typeof after) =>
    findObject(environmentObjects(platform, ENV, 'app'), 'ConfigMap', 'your-app-database').data;
  expect(configMap(after)).toEqual(configMap(repointed));
});

it('keeps both instances at their Terraform addresses and identifiers: nothing is replaced by the switch', () => {
  for (const config of [stacks.before, stacks.after]) {
    expect(Object.keys(resources(config, 'aws_db_instance')).sort()).toEqual([MAIN, REPLICA]);
  }
  expect(resource(stacks.after, 'aws_db_instance', REPLICA).identifier).toBe('your-app-production-replica');
  expect(resource(stacks.after, 'aws_db_instance', MAIN).identifier).toBe('your-app-production');
  // The promoted instance keeps the zone it was created in: a changed availability_zone would replace it.
  expect(resource(stacks.after, 'aws_db_instance', REPLICA).availability_zone).toBe(
    resource(stacks.before, 'aws_db_instance', REPLICA).availability_zone,
  );
});

it('makes the promoted instance a standalone Multi-AZ primary with the primary backups and guards', () => {
  const promoted = resource(stacks.after, 'aws_db_instance', REPLICA);
  const original = resource(stacks.before, 'aws_db_instance', MAIN);
  expect(promoted).not.toHaveProperty('replicate_source_db');
  for (const key of [
    'multi_az',
    'backup_retention_period',
    'backup_window',
    'delete_automated_backups',
    'skip_final_snapshot',
    'deletion_protection',
    'storage_encrypted',
    'kms_key_id',
    'parameter_group_name',
    'db_subnet_group_name',
    'vpc_security_group_ids',
    'lifecycle',
  ]) {
    expect([key, promoted[key]]).toEqual([key, original[key]]);
  }
  // Named after the instance and the deployment, so a later deployment's snapshot never collides with it.
  expect(promoted.final_snapshot_identifier).toMatch(/^your-app-production-replica-final-\$\{/);
  // Its engine, version, master user, database and password came with the data: setting them would replace or
  // reset it (the replica never set them either).
  for (const key of ['engine', 'engine_version', 'username', 'db_name', 'password_wo', 'password_wo_version'])
    expect(promoted).not.toHaveProperty(key);
});

it('creates the new replica from the promoted primary, at the former primary address, in another zone', () => {
  const replica = resource(stacks.after, 'aws_db_instance', MAIN);
  expect(replica.replicate_source_db).toBe(ref('aws_db_instance', REPLICA, 'identifier'));
  expect(replica.availability_zone).toBe(aws.zones[0]);
  expect(replica.availability_zone).not.toBe(resource(stacks.after, 'aws_db_instance', REPLICA).availability_zone);
  expect(replica.skip_final_snapshot).toBe(true);
  expect(replica).not.toHaveProperty('backup_retention_period');
  expect(replica).not.toHaveProperty('username');
});

it('keeps every private name on its instance, so neither the switch nor the repoint moves a record', () => {
  expect(records(stacks.after)).toEqual(records(stacks.before));
  expect(records(stacks.repointed)).toEqual(records(stacks.before));
  expect(records(stacks.after)).toEqual([
    [hosts.replica.host, ref('aws_db_instance', REPLICA, 'address')],
    [hosts.main.host, ref('aws_db_instance', MAIN, 'address')],
  ]);
});

it('points the outputs, the DR backups and the drill at the promoted primary, and the replica outputs at the new one', () => {
  const { output } = stacks.after;
  expect(output[OUTPUT.databaseHost].value).toBe(hosts.replica.host);
  expect(output[OUTPUT.databaseEndpoint].value).toBe(ref('aws_db_instance', REPLICA, 'address'));
  expect(output[OUTPUT.databaseReplicaHost].value).toBe(hosts.main.host);
  expect(output[OUTPUT.databaseReplicaIdentifier].value).toBe(ref('aws_db_instance', MAIN, 'identifier'));
  const selection = single(stacks.after, 'aws_backup_selection');
  expect(selection.resources).toContain(ref('aws_db_instance', REPLICA, 'arn'));
  expect(JSON.parse(single(stacks.after, 'aws_ssm_parameter').value).sourceInstance).toBe(
    'your-app-production-replica',
  );
});

it('is a switch back and forth: a second failover sets it to false and the stack is the original one', () => {
  const again = platformWith({ promotedReplica: false, host: hosts.main.host });
  expect(synthesizeStacks(again).get(STACK)!.text).toBe(synthesizeStacks(before).get(STACK)!.text);
});

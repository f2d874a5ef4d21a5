/**
 * Names of the stack outputs, in one place: `cdktf output`, the runbooks and the cluster layer's operators
 * read them by these names, so they never have to guess.
 */
export const OUTPUT = {
  region: 'region',
  vpcId: 'vpc_id',
  clusterName: 'cluster_name',
  clusterEndpoint: 'cluster_endpoint',
  clusterOidcProviderArn: 'cluster_oidc_provider_arn',
  externalSecretsRoleArn: 'external_secrets_role_arn',
  loadBalancerControllerRoleArn: 'aws_load_balancer_controller_role_arn',
  clusterAutoscalerRoleArn: 'cluster_autoscaler_role_arn',
  clusterAdminRoleArn: 'cluster_admin_role_arn',
  publicZoneNameServers: 'public_zone_name_servers',
  certificateArn: 'certificate_arn',
  webAclName: 'web_acl_name',
  accessLogsBucket: 'alb_access_logs_bucket',
  lokiBucket: 'loki_bucket',
  databaseEndpoint: 'database_endpoint',
  databaseHost: 'database_host',
  databasePort: 'database_port',
  databaseSecretName: 'database_secret_name',
  databaseReplicaIdentifier: 'database_replica_identifier',
  databaseReplicaHost: 'database_replica_host',
  redisPrimaryEndpoint: 'redis_primary_endpoint',
  redisHost: 'redis_host',
  redisAuthSecretName: 'redis_auth_secret_name',
  ecrRepositoryUrl: 'ecr_repository_url',
  ecrDrRepositoryUrl: 'ecr_dr_repository_url',
  artifactsBucket: 'artifacts_bucket',
  artifactsDrBucket: 'artifacts_dr_bucket',
  backupVault: 'backup_vault',
  drBackupVault: 'dr_backup_vault',
  alarmTopicArn: 'alarm_topic_arn',
  drAlarmTopicArn: 'dr_alarm_topic_arn',
} as const;

/** Terraform variable of the recovery stack: which replicated automated backups to restore. */
export const RESTORE_SOURCE_VARIABLE = 'source_automated_backups_arn';

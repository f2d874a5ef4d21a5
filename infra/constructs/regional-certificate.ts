import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformIterator } from 'cdktf';
import { Construct } from 'constructs';
import { environmentRegions } from '../../src/config';
import { baseName, type InfraContext } from '../context';

export interface RegionalCertificateProps {
  readonly context: InfraContext;
  readonly zoneId: string;
}

/**
 * The ACM certificate of the environment's public services in this region, DNS-validated in the environment's zone.
 * It covers every host the app's Ingress names: `<service>.<domain>` and each region's `<service>.<region>.<domain>`,
 * so the AWS Load Balancer Controller discovers it for every host in either region (a host without a matching
 * certificate fails the whole Ingress: aws-load-balancer-controller@v3.5.0 pkg/certs/cert_discovery.go). ACM
 * certificates are regional, so the recovery stack issues its own; both write the same validation records
 * (`allow_overwrite`).
 */
export class RegionalCertificate extends Construct {
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: RegionalCertificateProps) {
    super(scope, id);
    const ctx = props.context;
    const { domain } = ctx.env;
    const regionalDomains = environmentRegions(ctx.platform, ctx.envName).map((region) => `*.${region}.${domain}`);
    const certificate = new AcmCertificate(this, 'Default', {
      domainName: `*.${domain}`,
      subjectAlternativeNames: regionalDomains,
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      tags: { Name: `${baseName(ctx)}-public` },
      lifecycle: { createBeforeDestroy: true },
    });
    const options = TerraformIterator.fromComplexList(certificate.domainValidationOptions, 'domain_name');
    const records = new Route53Record(this, 'validation', {
      forEach: options,
      zoneId: props.zoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 60,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, 'validated', {
      certificateArn: certificate.arn,
      validationRecordFqdns: TerraformIterator.fromResources(records).pluckProperty('fqdn') as unknown as string[],
    });
    this.certificateArn = validation.certificateArn;
  }
}

import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformIterator } from 'cdktf';
import { Construct } from 'constructs';
import { environmentRegions } from '../../src/config';
import { baseName, type InfraContext } from '../context';

export interface RegionalCertificateProps {
  readonly context: InfraContext;
  /** The environment's public zone, where the primary stack writes the validation records. */
  readonly zoneId: string;
}

/**
 * The ACM certificate of the environment's public services in this region, DNS-validated in the environment's zone.
 * It covers every host the app's Ingress names: `<service>.<domain>` and each region's `<service>.<region>.<domain>`,
 * so the AWS Load Balancer Controller discovers it for every host in either region (a host without a matching
 * certificate fails the whole Ingress: aws-load-balancer-controller@v3.5.0 pkg/certs/cert_discovery.go). ACM
 * certificates are regional, so the DR stack issues its own after a failover, for the same names. Only the primary
 * stack writes the validation records: ACM's record is one per domain name and account, valid in every region (ACM
 * User Guide, "DNS validation": "the CNAME validation token works for any AWS Region"), so the DR certificate
 * validates with them, and tearing the DR stack down after a drill leaves the primary's certificate renewable.
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
    const validationRecordFqdns =
      ctx.role === 'primary' ? this.validationRecords(certificate, props.zoneId) : undefined;
    // Without records of its own, the validation waits until ACM has issued the certificate.
    const validation = new AcmCertificateValidation(this, 'validated', {
      certificateArn: certificate.arn,
      validationRecordFqdns,
    });
    this.certificateArn = validation.certificateArn;
  }

  /** The CNAMEs ACM validates (and renews) with, in the environment's zone; their names, for the validation. */
  private validationRecords(certificate: AcmCertificate, zoneId: string): string[] {
    const options = TerraformIterator.fromComplexList(certificate.domainValidationOptions, 'domain_name');
    const records = new Route53Record(this, 'validation', {
      forEach: options,
      zoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 60,
      allowOverwrite: true,
    });
    return TerraformIterator.fromResources(records).pluckProperty('fqdn') as unknown as string[];
  }
}

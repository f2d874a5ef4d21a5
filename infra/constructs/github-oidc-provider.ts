import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';
import { OIDC_AUDIENCE, OIDC_ISSUER_HOST } from '../../src/pipeline/oidc';

/**
 * GitHub Actions' OIDC identity provider in an account: the workflows' tokens become short-lived AWS credentials,
 * so no access key is stored anywhere. IAM trusts the issuer's certificate through its own CA library, so no
 * thumbprint is pinned (it would only break when GitHub rotates certificates). One per account: its ARN is fixed
 * by the URL (githubOidcProviderArn).
 */
export class GithubOidcProvider extends Construct {
  readonly provider: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.provider = new IamOpenidConnectProvider(this, 'Default', {
      url: `https://${OIDC_ISSUER_HOST}`,
      clientIdList: [OIDC_AUDIENCE],
    });
  }
}

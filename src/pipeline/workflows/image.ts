/**
 * Image: a reusable workflow the app's repository calls. Builds the caller's commit for the CPU architectures of
 * every environment's nodes, tags it with the git short SHA (never `latest`: ECR's tags are immutable and the
 * platform file refuses `latest`) and pushes it to the ECR repository infra creates (image.repository).
 */
import { imageRepositoryOwner, instanceArchitecture, parseEcrRepository } from '../../config';
import { uses } from '../actions';
import { SHORT_SHA_LENGTH, type PipelineContext } from '../context';
import { IMAGE_WORKFLOW_FILE } from '../oidc';
import { assumeRole, checkout } from '../steps';
import type { Workflow } from '../workflow';

/** Docker platforms of the environments' nodes (Graviton types are arm64), sorted. */
export function imagePlatforms(ctx: PipelineContext): string[] {
  const architectures = Object.values(ctx.platform.environments).flatMap((env) =>
    env.cluster.nodeInstanceTypes.map((type) =>
      instanceArchitecture(type) === 'arm64' ? 'linux/arm64' : 'linux/amd64',
    ),
  );
  return [...new Set(architectures)].sort();
}

export function imageWorkflow(ctx: PipelineContext): Workflow {
  const { platform } = ctx;
  const owner = imageRepositoryOwner(platform);
  const ref = parseEcrRepository(platform.image.repository);
  // The platform rules guarantee both (checkImageRepository); say so plainly if that ever changes.
  if (!owner || !ref) throw new Error('image.repository: must be an ECR repository of one environment');
  const registry = platform.image.repository.slice(0, platform.image.repository.indexOf('/'));
  const platforms = imagePlatforms(ctx);
  // GitHub's hosted runners are x86-64: other architectures build under QEMU.
  const emulated = platforms.filter((p) => p !== 'linux/amd64').map((p) => p.slice('linux/'.length));
  return {
    file: IMAGE_WORKFLOW_FILE,
    name: 'Image',
    on: {
      workflow_call: {
        inputs: {
          context: {
            description: 'Docker build context, relative to the repository root',
            type: 'string',
            default: '.',
          },
          dockerfile: {
            description: 'Dockerfile, relative to the repository root',
            type: 'string',
            default: 'Dockerfile',
          },
        },
        outputs: {
          'image-tag': {
            description: 'The git short SHA the image was tagged with',
            value: '${{ jobs.build.outputs.tag }}',
          },
        },
      },
    },
    permissions: {},
    jobs: {
      build: {
        name: 'Build and push',
        'runs-on': 'ubuntu-latest',
        permissions: { contents: 'read', 'id-token': 'write' },
        'timeout-minutes': 60,
        outputs: { tag: '${{ steps.tag.outputs.tag }}' },
        steps: [
          checkout(),
          {
            name: 'Tag with the git short SHA',
            id: 'tag',
            run: `echo "tag=\${GITHUB_SHA::${SHORT_SHA_LENGTH}}" >>"$GITHUB_OUTPUT"`,
          },
          assumeRole(platform, owner, 'image-push'),
          {
            name: 'Log in to ECR',
            run: `aws ecr get-login-password --region ${ref.region} | docker login --username AWS --password-stdin ${registry}`,
          },
          ...(emulated.length
            ? [{ name: 'Set up QEMU', uses: uses('setupQemu'), with: { platforms: emulated.join(',') } }]
            : []),
          { name: 'Set up Buildx', uses: uses('setupBuildx') },
          {
            name: 'Build and push',
            env: {
              TAG: '${{ steps.tag.outputs.tag }}',
              CONTEXT: '${{ inputs.context }}',
              DOCKERFILE: '${{ inputs.dockerfile }}',
            },
            run: [
              // Tags are immutable: a re-run of the same commit finds its image and stops there.
              `if aws ecr describe-images --region ${ref.region} --repository-name ${ref.name} --image-ids "imageTag=$TAG" >/dev/null 2>&1; then`,
              `  echo "${platform.image.repository}:$TAG is already pushed"`,
              '  exit 0',
              'fi',
              'docker buildx build \\',
              `  --platform ${platforms.join(',')} \\`,
              '  --file "$DOCKERFILE" \\',
              '  --label "org.opencontainers.image.revision=$GITHUB_SHA" \\',
              `  --tag "${platform.image.repository}:$TAG" \\`,
              '  --push \\',
              '  "$CONTEXT"',
            ].join('\n'),
          },
        ],
      },
    },
  };
}

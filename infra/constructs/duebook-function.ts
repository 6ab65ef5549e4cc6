// One Lambda function of lambdas/<name>/handler.ts with the defaults every Duebook function shares.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AssetHashType,
  DockerImage,
  Duration,
  type ILocalBundling,
  type RemovalPolicy,
  Validations,
} from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildHandlerSync } from './lambda-bundle.js';

/** The repository root: infra/constructs/ is two levels down. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The handlers under lambdas/, referenced by path only (infra never imports lambdas/ code). */
export type HandlerName = 'api' | 'daily-run' | 'sender' | 'ses-events' | 'tick' | 'replies';

export function handlerEntry(name: HandlerName): string {
  return join(REPO_ROOT, 'lambdas', name, 'handler.ts');
}

/**
 * Bundles one handler on this machine with the project's esbuild (never Docker), as
 * lambda-bundle.ts does: `index.mjs`, its chunks and the PDF fonts. Its fields are part of the
 * asset's cache key, so each handler gets its own bundle.
 */
class LocalHandlerBundling implements ILocalBundling {
  constructor(readonly handler: HandlerName) {}

  tryBundle(outputDir: string): boolean {
    buildHandlerSync(this.handler, outputDir);
    return true;
  }
}

export interface DuebookFunctionProps {
  handler: HandlerName;
  description: string;
  /** The full environment, built in one place (see function-environment.ts). */
  environment: Record<string, string>;
  logRetention: RetentionDays;
  /** What happens to the log group when the stack is deleted. */
  logRemovalPolicy: RemovalPolicy;
  memorySize?: number;
  timeout?: Duration;
}

/**
 * A Lambda function bundled on this machine with the project's esbuild (never Docker, see
 * lambda-bundle.ts): nodejs22.x on ARM64, minified ESM with code splitting and source maps, its own
 * log group with a retention, and a role of its own that may write only to that log group (grants
 * add the rest).
 */
export class DuebookFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: DuebookFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    // An own role instead of AWSLambdaBasicExecutionRole: logs only to this function's log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Duebook ${props.handler} function`,
    });
    this.logGroup.grantWrite(role);

    this.fn = new LambdaFunction(this, 'Function', {
      code: Code.fromAsset(REPO_ROOT, {
        // Hashed by the bundle's bytes, as NodejsFunction does; the repository itself is not copied.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled: the local bundling always succeeds or throws.
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
          command: ['bundle', props.handler],
          local: new LocalHandlerBundling(props.handler),
        },
      }),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.TEXT,
      // No NODE_OPTIONS=--enable-source-maps: Node would read and index every bundle file's map at
      // each cold start; the handlers map a stack when an error is logged or leaves them
      // (lambdas/shared/stack-map.ts). The maps stay linked, so setting it on a function still works.
      environment: props.environment,
    });

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the bundles target node22 and are tested against it; move the runtime and the esbuild target together.',
    });
  }
}

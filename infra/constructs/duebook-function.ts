// One Lambda function of lambdas/<name>/handler.ts with the defaults every Duebook function shares.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The repository root: infra/constructs/ is two levels down. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The handlers under lambdas/, referenced by path only (infra never imports lambdas/ code). */
export type HandlerName = 'api' | 'daily-run' | 'sender' | 'ses-events' | 'tick' | 'replies';

export function handlerEntry(name: HandlerName): string {
  return join(REPO_ROOT, 'lambdas', name, 'handler.ts');
}

// Bundles are ESM; CommonJS dependencies bundled into them may still call require().
const REQUIRE_SHIM = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

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
 * A `NodejsFunction` bundled on this machine with the project's esbuild (never Docker):
 * nodejs22.x on ARM64, minified ESM with source maps, its own log group with a retention, and a
 * role of its own that may write only to that log group (grants add the rest).
 */
export class DuebookFunction extends Construct {
  readonly fn: NodejsFunction;
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

    this.fn = new NodejsFunction(this, 'Function', {
      entry: handlerEntry(props.handler),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.TEXT,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        platform: 'node',
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The runtime ships the AWS SDK v3; leaving it out keeps bundles small (as scripts/bundle-lambdas.ts).
        externalModules: ['@aws-sdk/*'],
        banner: REQUIRE_SHIM,
      },
    });

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the bundles target node22 and are tested against it; move the runtime and the esbuild target together.',
    });
  }
}

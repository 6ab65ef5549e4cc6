// Synthesizes the Duebook stack in memory for the infra tests, with cdk-nag's AWS Solutions checks.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from '../../infra/config.js';
import { REPO_ROOT } from '../../infra/constructs/duebook-function.js';
import { DuebookStack } from '../../infra/stacks/duebook-stack.js';

export interface Synthesized {
  app: App;
  stack: DuebookStack;
  template: Template;
  outdir: string;
}

/** The context `npm run synth` uses (cdk.json), so tests and the CLI synthesize the same app. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
}

/**
 * One synth: cdk.json's context plus `context`. `bundle: false` skips esbuild (asset placeholders)
 * for tests that only look at settings. cdk-nag runs as a validation plugin: an unacknowledged
 * error makes `app.synth()` throw with the report.
 */
export function synthStack(context: Record<string, unknown>, options: { bundle: boolean }): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'duebook-cdk-'));
  const app = new App({
    outdir,
    context: {
      ...cdkJsonContext(),
      ...context,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
    // CloudFormation's own schema validation adds ~20 s per synth; `npm run synth` still runs it.
    builtinCloudFormationValidation: false,
  });
  const config = readConfig((key) => app.node.tryGetContext(key));
  const stack = new DuebookStack(app, config.stackName, {
    config,
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return { app, stack, template: Template.fromStack(stack), outdir };
}

/** Every acknowledgement recorded in the app: the construct path, the rule id and the reason. */
export function acknowledgements(app: App): { path: string; id: string; reason: string }[] {
  return app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      // Stored as `Annotation::<id>` when the id has no namespace prefix.
      .map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^Annotation::/, ''), reason })),
  );
}

/** The validation report CDK writes into the cloud assembly (cdk-nag's findings). */
export function validationReport(outdir: string): { pluginReports: { violations?: unknown[] }[] } {
  return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
}

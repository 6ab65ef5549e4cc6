// CDK app entry: reads the office's config, adds the stack, runs cdk-nag's AWS Solutions checks. Wiring only.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from '../config.js';
import { DuebookStack } from '../stacks/duebook-stack.js';

const app = new App();
const config = readConfig((key) => app.node.tryGetContext(key));

new DuebookStack(app, config.stackName, {
  config,
  description:
    config.mode === 'own-stack'
      ? `Duebook collections assistant for ${config.officeName} (${config.tenantId})`
      : 'Duebook collections assistant: the multi-office service',
  // Environment-agnostic unless the CLI knows the account (credentials present): synth works offline.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

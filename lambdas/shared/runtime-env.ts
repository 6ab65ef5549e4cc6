// The handlers' environment, read once per cold start. Each runtime-*.ts module builds one concern's
// SDK client from it, so a handler imports only the AWS SDK packages it uses (issue #13).
import { readEnv } from './env.js';

export const env = readEnv();

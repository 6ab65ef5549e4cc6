// The HTTP API in front of the api function: its routes, stage throttling, access logs and CORS.
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Origin of the add-on's dialogs and sidebars as served by Apps Script. */
export const ADD_ON_ORIGIN = 'https://script.google.com';

/** Steady and burst request rates of the stage; a small office syncs in 2 MB chunks, not in floods. */
export const THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;

export interface DuebookHttpApiProps {
  /** Exact origins allowed besides the add-on's (HTTP APIs do not match wildcard subdomains). */
  extraOrigins: readonly string[];
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

export class DuebookHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: DuebookHttpApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'Duebook API for the Sheets add-on',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [ADD_ON_ORIGIN, ...props.extraOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'x-api-key'],
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // $context.path carries no query string, so unsubscribe tokens never reach the access log.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            bytes: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
  }

  /**
   * Routes to the api function. Separate from the constructor because the function's environment
   * needs the API's URL: the API comes first, the function second, the routes last.
   */
  route(handler: IFunction): void {
    const integration = new HttpLambdaIntegration('Api', handler);
    const routes = [
      // Public: a liveness probe.
      ...this.api.addRoutes({ path: '/health', methods: [HttpMethod.GET], integration }),
      // Public by RFC 8058: mail clients POST one-click unsubscribes without credentials; the
      // signed token in the link is the authorization.
      ...this.api.addRoutes({
        path: '/v1/unsubscribe',
        methods: [HttpMethod.GET, HttpMethod.POST],
        integration,
      }),
      // Everything else under /v1: the function verifies a Google ID token or an API key itself.
      ...this.api.addRoutes({
        path: '/v1/{proxy+}',
        methods: [HttpMethod.GET, HttpMethod.POST],
        integration,
      }),
    ];
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The api function authenticates every /v1 request itself (Google ID token checked against JWKS, issuer, audience and expiry, or a hashed API key); an API Gateway JWT authorizer would reject API-key callers. /health and one-click unsubscribe (RFC 8058, signed token) are public by design.',
      });
    }
  }

  /** The stage's base URL, https://{id}.execute-api.{region}.amazonaws.com (no trailing slash). */
  get url(): string {
    return this.api.apiEndpoint;
  }
}

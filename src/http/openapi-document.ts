import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { WEBHOOK_MESSAGE_MODELS, webhookOperations } from '../modules/webhooks/webhook-openapi';

/** The OpenAPI document of the application (served at /api/docs-json, committed as openapi.json). */
export function createOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Status pages')
    .setDescription(
      'Self-hostable status-page service. Admin API under /api/v1 (bearer API key); ' +
        'public Statuspage v2-compatible API under /status/{slug} (no auth).',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: 'ADMIN_API_KEY or a page-scoped key' })
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: "An integration's receiver token" }, 'integrationToken')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
    extraModels: WEBHOOK_MESSAGE_MODELS,
  });
  // What webhook receivers get, per event (OpenAPI 3.0 has no `webhooks`; `x-webhooks` is the usual extension).
  return { ...document, 'x-webhooks': webhookOperations() } as OpenAPIObject;
}

import { getSchemaPath } from '@nestjs/swagger';
import { WEBHOOK_EVENTS, WEBHOOK_MESSAGE_SCHEMAS } from './webhook-payloads';

/** The message body models, added to the document's component schemas. */
export const WEBHOOK_MESSAGE_MODELS = [...new Set(Object.values(WEBHOOK_MESSAGE_SCHEMAS))];

/**
 * The `x-webhooks` section of the OpenAPI document: what a receiver gets for
 * each event (a POST with the Standard Webhooks headers and a JSON body).
 */
export function webhookOperations(): Record<string, unknown> {
  return Object.fromEntries(
    WEBHOOK_EVENTS.map((event) => [
      event,
      {
        post: {
          operationId: `webhook_${event.replace(/\./g, '_')}`,
          summary: `The ${event} message`,
          tags: ['Webhooks'],
          parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
            name,
            in: 'header',
            required: true,
            schema: { type: 'string' },
          })),
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: getSchemaPath(WEBHOOK_MESSAGE_SCHEMAS[event]) } } },
          },
          responses: { '2XX': { description: 'Received (any other answer is retried with backoff)' } },
        },
      },
    ]),
  );
}

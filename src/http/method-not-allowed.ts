import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorBody } from './error-body';

/**
 * The methods each route path answers, collected as routes are registered;
 * the returned lookup gives those of a concrete URL (none for an unknown path).
 */
export function methodsByPath(fastify: FastifyInstance): (url: string) => string[] {
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  fastify.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method).filter((m) => m !== 'OPTIONS');
    const source = route.url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    const pattern = new RegExp(`^${source}/?$`);
    const known = routes.find((r) => r.pattern.source === pattern.source);
    if (known) known.methods.push(...methods.filter((m) => !known.methods.includes(m)));
    else routes.push({ pattern, methods });
  });
  return (url) => {
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const methods = new Set<string>();
    for (const route of routes) if (route.pattern.test(path)) route.methods.forEach((m) => methods.add(m));
    return [...methods].sort();
  };
}

/** A 405 naming the methods the path has. */
export function answerMethodNotAllowed(reply: FastifyReply, method: string, allowed: string[]): void {
  void reply
    .code(405)
    .header('allow', allowed.join(', '))
    .send(errorBody(405, `${method} is not allowed here; use ${allowed.join(', ')}`));
}

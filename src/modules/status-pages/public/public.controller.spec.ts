import { PATH_METADATA } from '@nestjs/common/constants';
import { PUBLIC_DOCUMENT_KINDS, PUBLIC_DOCUMENTS, publicRoutePath } from './public-documents';
import { PublicDomainController, PublicStatusController } from './public.controller';

/** The GET routes a controller declares, as `/controller-path/method-path`. */
function routesOf(controller: { prototype: object }): string[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  return Object.getOwnPropertyNames(controller.prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => {
      const handler = (controller.prototype as Record<string, () => unknown>)[name];
      const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      return `/${[base, path].filter((p) => p && p !== '/').join('/')}`;
    })
    .sort();
}

describe('public routes', () => {
  it('are the documents table, by slug and on a page domain', () => {
    expect(routesOf(PublicStatusController)).toEqual(PUBLIC_DOCUMENT_KINDS.map((k) => publicRoutePath('slug', k)).sort());
    expect(routesOf(PublicDomainController)).toEqual(PUBLIC_DOCUMENT_KINDS.map((k) => publicRoutePath('domain', k)).sort());
  });

  it("name each slug route's handler by the document's operationId", () => {
    const names = Object.getOwnPropertyNames(PublicStatusController.prototype).filter((n) => n !== 'constructor');
    expect(names.sort()).toEqual(PUBLIC_DOCUMENT_KINDS.map((k) => PUBLIC_DOCUMENTS[k].operationId).sort());
  });
});

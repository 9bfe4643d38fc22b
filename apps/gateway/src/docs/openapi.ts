import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('grid122 — street command hub API (网格化管理 "122" 指挥中心)')
    .setDescription(
      'One HTTP API for the street command centre, the departments and the district platforms: ' +
        'the office (一办), the grassroots-organisation group (基层组织建设组), petitions & stability (综合信访稳定组), ' +
        'social services (社会服务队), joint enforcement (综合执法队) and appraisal (考核评价). ' +
        'Errors are `{ statusCode, code, message, details, requestId }`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the document at /api/docs (UI) and /api/docs-json. */
export function serveOpenApi(app: INestApplication): OpenAPIObject {
  const doc = buildOpenApi(app);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
  return doc;
}

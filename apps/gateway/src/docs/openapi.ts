import { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { INPUT_CLASSES } from '../routing/routes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: { findTypeMetadata(target: Function, property: string): { typeFunction(): Function } | undefined } };

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
  return fillInputSchemas(SwaggerModule.createDocument(app, config));
}

/**
 * The route tables' request schemas, empty in Nest's document (their classes carry the contracts'
 * class-validator rules, no @ApiProperty), filled from those rules (class-validator-jsonschema).
 * A nested class (@Type) gets a schema of its own: its class name, or `<Owner>_<Class>` when taken.
 */
export function fillInputSchemas(doc: OpenAPIObject, classes: ReadonlyMap<string, Type> = INPUT_CLASSES): OpenAPIObject {
  const schemas = ((doc.components ??= {}).schemas ??= {});
  const todo = [...classes].filter(([name]) => name in schemas && Object.keys((schemas[name] as SchemaObject).properties ?? {}).length === 0);
  const named = new Map<Function, string>();
  let owner = '';
  const nested = (m: { target: Function | string; propertyName: string }) => {
    const C = defaultMetadataStorage.findTypeMetadata(m.target as Function, m.propertyName)?.typeFunction() ?? (Reflect.getMetadata('design:type', (m.target as Function).prototype, m.propertyName) as Function);
    let name = named.get(C);
    if (!name) {
      name = C.name in schemas || [...named.values()].includes(C.name) ? `${owner}_${C.name}` : C.name;
      named.set(C, name);
      todo.push([name, C as Type]);
    }
    return { $ref: `#/components/schemas/${name}` };
  };
  const options = { classTransformerMetadataStorage: defaultMetadataStorage as never, additionalConverters: { nestedValidation: nested } }; // class-validator's ValidationTypes.NESTED_VALIDATION
  for (const [name, C] of todo) schemas[(owner = name)] = targetConstructorToSchema(C, options) as SchemaObject;
  return doc;
}

/** Serves the document at /api/docs (UI) and /api/docs-json. */
export function serveOpenApi(app: INestApplication): OpenAPIObject {
  const doc = buildOpenApi(app);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
  return doc;
}

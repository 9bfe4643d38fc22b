import { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { DocField, DocObject } from '@grid122/contracts';
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
  return fillReplySchemas(fillInputSchemas(SwaggerModule.createDocument(app, config)));
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

/** Replies declared in the contracts (doc-schema.ts) that routes answer, by name. */
const REPLY_SCHEMAS = new Map<string, DocObject<unknown>>();
const refTo = (o: DocObject<unknown>) => ({ $ref: `#/components/schemas/${o.name}Dto` });

/**
 * `@ApiOkResponse({ schema: replySchema(HubDocument) })`: a reply the contracts declare once as data
 * (its type is inferred from the same declaration); its schema, and each object's it names, is
 * added to the document as `<Name>Dto` (the names the hub document's schemas have always had).
 */
export function replySchema(o: DocObject<unknown>): { $ref: string } {
  REPLY_SCHEMAS.set(o.name, o);
  return refTo(o);
}

/** The declared replies' schemas, written as Nest writes an @ApiProperty class's (a described or nullable reference under `allOf`). */
export function fillReplySchemas(doc: OpenAPIObject, roots: Iterable<DocObject<unknown>> = REPLY_SCHEMAS.values()): OpenAPIObject {
  const schemas = ((doc.components ??= {}).schemas ??= {});
  const done = new Map<string, DocObject<unknown>>();
  const todo = [...roots];
  const property = (f: DocField<unknown>): SchemaObject => {
    if (f.list) return { ...f.note, type: 'array', items: property(f.list) };
    if (!f.ref) return { ...f.spec, ...f.note } as SchemaObject;
    todo.push(f.ref);
    if (f.note.nullable) return { ...f.note, type: 'object', allOf: [refTo(f.ref)] } as SchemaObject;
    return Object.keys(f.note).length > 0 ? ({ ...f.note, allOf: [refTo(f.ref)] } as SchemaObject) : (refTo(f.ref) as SchemaObject);
  };
  for (let o = todo.shift(); o; o = todo.shift()) {
    if (done.get(o.name) === o) continue;
    if (done.has(o.name)) throw new Error(`Two replies' objects are named ${o.name}`);
    done.set(o.name, o);
    const properties = Object.fromEntries(Object.entries(o.fields).map(([k, f]) => [k, property(f)]));
    schemas[`${o.name}Dto`] = { type: 'object', properties, required: Object.keys(o.fields) };
  }
  return doc;
}

/** Serves the document at /api/docs (UI) and /api/docs-json. */
export function serveOpenApi(app: INestApplication): OpenAPIObject {
  const doc = buildOpenApi(app);
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
  return doc;
}

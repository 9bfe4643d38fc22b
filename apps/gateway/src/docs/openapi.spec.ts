import { Type } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import { Nested, QueryInt, Text } from '@grid122/contracts';
import { fillInputSchemas } from './openapi';

// Two contracts' nested classes of one name (`Location`), a schema the document already has, and one it fills.
const A = (() => {
  class Location { @Text(50) street: string }
  return Location;
})();
const B = (() => {
  class Location { @QueryInt(0) floor: number }
  return Location;
})();
class ABody { @Nested(() => A) at: InstanceType<typeof A> }
class BBody { @Nested(() => B) at: InstanceType<typeof B> }
const classes = new Map<string, Type>([
  ['ABody', ABody],
  ['BBody', BBody],
]);

describe('fillInputSchemas', () => {
  it('fills empty schemas only, each nested class under a name of its own', () => {
    const kept = { type: 'object', properties: { x: { type: 'string' } } } as const;
    const doc = { openapi: '3.0.0', info: { title: '', version: '' }, paths: {}, components: { schemas: { ABody: { type: 'object', properties: {} }, BBody: kept } } } as OpenAPIObject;
    fillInputSchemas(doc, classes);
    expect(doc.components!.schemas).toEqual({
      ABody: { type: 'object', properties: { at: { $ref: '#/components/schemas/Location' } }, required: ['at'] },
      BBody: kept,
      Location: { type: 'object', properties: { street: { type: 'string', maxLength: 50 } }, required: ['street'] },
    });

    const both = { openapi: '3.0.0', info: { title: '', version: '' }, paths: {}, components: { schemas: { ABody: { type: 'object', properties: {} }, BBody: { type: 'object' } } } } as OpenAPIObject;
    fillInputSchemas(both, classes);
    expect(both.components!.schemas!.BBody).toEqual({ type: 'object', properties: { at: { $ref: '#/components/schemas/BBody_Location' } }, required: ['at'] });
    expect(both.components!.schemas!.BBody_Location).toEqual({ type: 'object', properties: { floor: { type: 'integer', minimum: 0 } }, required: ['floor'] });
  });
});

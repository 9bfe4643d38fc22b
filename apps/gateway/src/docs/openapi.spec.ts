import { Type } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import { doc, Nested, QueryInt, Text } from '@grid122/contracts';
import { fillInputSchemas, fillReplySchemas } from './openapi';

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

describe('fillReplySchemas', () => {
  it("writes a declared reply as Nest writes an @ApiProperty class: a described or nullable reference under allOf, every field required, each object once", () => {
    const Tag = doc.object('Tag', { name: doc.string({ example: '网格' }) });
    const Other = doc.object('Tag', { label: doc.string() });
    const Page = doc.object('Page', {
      total: doc.number({ nullable: true, description: 'all' }),
      first: doc.ref(Tag),
      main: doc.ref(Tag, { description: 'the main one' }),
      maybe: doc.ref(Tag, { nullable: true }),
      tags: doc.list(doc.ref(Tag), { nullable: true }),
      words: doc.list(doc.string()),
      state: doc.oneOf(['open', 'closed'] as const),
    });
    const api = fillReplySchemas({ openapi: '3.0.0', info: { title: '', version: '' }, paths: {} } as OpenAPIObject, [Page]);
    const ref = { $ref: '#/components/schemas/TagDto' };
    expect(api.components!.schemas).toEqual({
      PageDto: {
        type: 'object',
        properties: {
          total: { type: 'number', nullable: true, description: 'all' },
          first: ref,
          main: { description: 'the main one', allOf: [ref] },
          maybe: { nullable: true, type: 'object', allOf: [ref] },
          tags: { nullable: true, type: 'array', items: ref },
          words: { type: 'array', items: { type: 'string' } },
          state: { type: 'string', enum: ['open', 'closed'] },
        },
        required: ['total', 'first', 'main', 'maybe', 'tags', 'words', 'state'],
      },
      TagDto: { type: 'object', properties: { name: { type: 'string', example: '网格' } }, required: ['name'] },
    });
    // Two objects of one name would be one schema: refused.
    const both = doc.object('Both', { a: doc.ref(Tag), b: doc.ref(Other) });
    expect(() => fillReplySchemas({ openapi: '3.0.0', info: { title: '', version: '' }, paths: {} } as OpenAPIObject, [both])).toThrow(/named Tag/);
  });
});

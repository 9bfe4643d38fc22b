import { join } from 'node:path';
import * as ts from 'typescript';
import { EVENT_TYPES } from '@grid122/contracts';

/**
 * No name or phone of a person travels in an event (issue 20 item 8): the data type of every event
 * type of the map (libs/contracts/src/events.ts), read with the compiler, nested objects and arrays
 * included, has no field for a phone, mobile, e-mail or ID number, and no `…Name` / `name` field but
 * the names of things listed below. A person is named by id (`byId`, `reportedById`, `ownerId` …)
 * and a reader names them from it (the office: `registry.staff.names`).
 */
const ROOT = join(__dirname, '..');

/** Fields that name a thing, not a person, by the type that holds them (type.field). */
const THINGS_NAMED: Record<string, string> = {
  'GridChangedData.name': "a grid's name (社区, 小区)",
  'FindingReportedData.operation.name': "a joint operation's name (联合执法)",
  'OperationUnacknowledgedData.name': "a joint operation's name",
  'OperationUnacknowledgedData.departments.departmentName': "a department's name",
  'OperationCreatedData.name': "a joint operation's name",
  'OperationCreatedData.departments.name': "a department's name",
  'RecurrenceDetectedData.categoryName': "an incident category's name",
  'SpikeDetectedData.categoryName': "an incident category's name",
};

const CONTACT = /phone|mobile|^tel$|tel$|email|idnumber|idcard/i;
const NAME = /name$/i;

function fieldsOf(checker: ts.TypeChecker, type: ts.Type, path: string, out: Map<string, string>, seen = new Set<ts.Type>()): void {
  if (seen.has(type)) return;
  seen.add(type);
  if (type.isUnion() || type.isIntersection()) {
    for (const t of type.types) fieldsOf(checker, t, path, out, seen);
    return;
  }
  if (checker.isArrayType(type)) {
    const [el] = checker.getTypeArguments(type as ts.TypeReference);
    if (el) fieldsOf(checker, el, path, out, seen);
    return;
  }
  if (!(type.flags & ts.TypeFlags.Object)) return;
  for (const p of checker.getPropertiesOfType(type)) {
    const decl = p.valueDeclaration ?? p.declarations?.[0];
    if (!decl) continue;
    const key = `${path}.${p.getName()}`;
    out.set(key, p.getName());
    fieldsOf(checker, checker.getTypeOfSymbolAtLocation(p, decl), key, out, seen);
  }
}

describe('event data: no names or phones of people (issue 20 item 8)', () => {
  const file = join(ROOT, 'libs/contracts/src/events.ts');
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, experimentalDecorators: true, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const map = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'EventDataMap')!;
  const mapType = checker.getTypeAtLocation(map);

  /** Every field of every event type's data, as `DataType.path.to.field` → field name. */
  const fields = new Map<string, { type: string; field: string }>();
  for (const t of EVENT_TYPES) {
    const prop = mapType.getProperty(t);
    if (!prop) continue;
    const dataType = checker.getTypeOfSymbolAtLocation(prop, map);
    const typeName = dataType.aliasSymbol?.getName() ?? dataType.getSymbol()?.getName() ?? t;
    const out = new Map<string, string>();
    fieldsOf(checker, dataType, typeName, out);
    for (const [path, field] of out) fields.set(path, { type: t, field });
  }

  it('reads every event type of the map', () => {
    expect(EVENT_TYPES.every((t) => mapType.getProperty(t))).toBe(true);
    expect(fields.size).toBeGreaterThan(200);
    // the compiler sees through the shared data types (the unit-case events extend one interface)
    expect([...fields.keys()]).toEqual(expect.arrayContaining(['UnitCaseEventData.byId', 'EnforcementCaseEventData.byId', 'FindingReportedData.reportedById']));
  });

  it('has no phone, e-mail or ID number field', () => {
    const contacts = [...fields].filter(([, f]) => CONTACT.test(f.field)).map(([path, f]) => `${f.type}: ${path}`);
    expect(contacts).toEqual([]);
  });

  it("names no person: every …Name field is a thing's name (grid, operation, department)", () => {
    const names = [...new Set([...fields].filter(([path, f]) => NAME.test(f.field) && !THINGS_NAMED[path]).map(([path]) => path))];
    expect(names).toEqual([]);
  });

  it('the staff names removed in version 2 stay out (byName, reportedByName, commanderName, receivedByName, openedByName)', () => {
    const removed = new Set(['byName', 'reportedByName', 'commanderName', 'receivedByName', 'openedByName', 'authorName', 'ownerName']);
    expect([...fields].filter(([, f]) => removed.has(f.field)).map(([path]) => path)).toEqual([]);
  });

  it("carries no person's sensitive category (特殊人群 / 救助类别): protected at rest like an identity, so never on the stream", () => {
    // A person's register categories are encrypted with a blind index in their service; an event
    // names the record by id and its grid, and a reader that may see the category asks the owner.
    const personal = /^(RecipientRegisteredData|SpecialPerson\w*Data|CareRecipient\w*Data)\./;
    expect([...fields].filter(([path, f]) => personal.test(path) && /categor/i.test(f.field)).map(([path]) => path)).toEqual([]);
  });
});

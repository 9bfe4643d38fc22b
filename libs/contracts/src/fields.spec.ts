import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength, validateSync, ValidationError } from 'class-validator';
import { GetEnforcementFigures, OpenEnforcementCase, RecordEnforcementInspection } from './enforcement';
import { KeyAreaStats, ListIncidents, ListRecurrences, RevealIncidentReporter } from './office';
import { ListStaff } from './registry';
import { AcceptPetition, ListPetitions, ReturnDispute, RevealPetition } from './petitions';
import { CircleWalkParams, RecordVolunteerActivity, CancelServiceRequest, EndRecipientSupport, IssueVouchers, RegisterRecipient, RemoveSocialTeamMember, UpdateRecipient } from './social';
import { Field, Text } from './common/fields';

/** What the validation pipe answers: `field.path: messages`, in the order the fields are declared. */
function fieldErrors(cls: new () => object, plain: object): [string, string[]][] {
  const flat = (errors: ValidationError[], prefix = ''): [string, string[]][] =>
    errors.flatMap((e) => {
      const field = prefix ? `${prefix}.${e.property}` : e.property;
      return [...(e.constraints ? [[field, Object.values(e.constraints)] as [string, string[]]] : []), ...flat(e.children ?? [], field)];
    });
  return flat(validateSync(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true }));
}

describe('field decorators', () => {
  it('Field(A, B) answers as the stack @A @B (same messages, same order)', () => {
    class Stacked {
      @IsOptional()
      @IsString()
      @MinLength(2)
      @MaxLength(5)
      note?: string;
    }
    class Composed {
      @Field(IsOptional(), IsString(), MinLength(2), MaxLength(5)) note?: string;
    }
    class Kit {
      @IsOptional() @Text(5, 2) note?: string;
    }
    for (const bad of [{ note: 7 }, { note: 'x' }, { note: 'xxxxxxx' }]) {
      const expected = fieldErrors(Stacked, bad);
      expect(expected.length).toBe(1);
      expect(fieldErrors(Composed, bad)).toEqual(expected);
      expect(fieldErrors(Kit, bad)).toEqual(expected);
    }
    expect(fieldErrors(Kit, {})).toEqual([]);
  });

  it('a case opened with bad fields names each field, nested ones by their path', () => {
    expect(fieldErrors(OpenEnforcementCase.Request, { title: 'x', category: 'illegal_business', description: 'ok ok', gridPath: 'NJ..x', location: { lng: 200, lat: 32 } })).toEqual([
      ['title', ['title must be longer than or equal to 2 characters']],
      ['gridPath', ['gridPath must be an ltree grid path like nj.gulou.btq.c01']],
      ['location.lng', ['lng must be a longitude string or number']],
    ]);
  });

  it('an inspection names its officers and evidence', () => {
    const errors = fieldErrors(RecordEnforcementInspection.Request, {
      caseId: 'not-a-uuid',
      officers: [{ name: '' }],
      notes: 'found',
      evidence: ['abc'],
    });
    expect(errors).toEqual([
      ['caseId', ['caseId must be a UUID']],
      ['officers.0.name', ['name must be longer than or equal to 1 characters']],
      ['evidence', ['evidence must hold sha256 hex digests']],
    ]);
  });

  it('a figures query shares the period query of the export (same fields, same messages)', () => {
    expect(fieldErrors(GetEnforcementFigures.Request, { from: 'yesterday', gridPath: 'a b' })).toEqual([
      ['from', ['from must be a valid ISO 8601 date string']],
      ['gridPath', ['gridPath must be an ltree grid path like nj.gulou.btq.c01']],
    ]);
  });

  it('shared request classes answer each field in the order it always had (id first)', () => {
    const bad = { id: 'x', reason: 'no' };
    const reveal = [
      ['id', ['id must be a UUID']],
      ['reason', ['reason must be longer than or equal to 4 characters']],
    ];
    expect(fieldErrors(RevealPetition.Request, bad)).toEqual(reveal);
    expect(fieldErrors(RevealIncidentReporter.Request, bad)).toEqual(reveal);
    expect(fieldErrors(ReturnDispute.Request, bad)).toEqual(reveal);
    expect(fieldErrors(AcceptPetition.Request, { id: 'x', note: 7, extra: 1 })).toEqual([
      ['extra', ['property extra should not exist']],
      ['id', ['id must be a UUID']],
      ['note', ['note must be shorter than or equal to 2000 characters', 'note must be a string']],
    ]);
    expect(fieldErrors(CancelServiceRequest.Request, { id: 'x', reason: 'n' })).toEqual([
      ['id', ['id must be a UUID']],
      ['reason', ['reason must be longer than or equal to 2 characters']],
    ]);
    expect(fieldErrors(RemoveSocialTeamMember.Request, {})).toEqual([
      ['teamId', ['teamId must be a UUID']],
      ['volunteerId', ['volunteerId must be a UUID']],
    ]);
  });

  it("a recipient's fields answer the same when registered and when updated (each rule said once)", () => {
    const bad = { name: '', phone: 'call me', categories: ['Elderly'], disabilityGrade: 9, address: 'x'.repeat(201), note: 'x'.repeat(501) };
    const expected = [
      ['name', ['name must be longer than or equal to 1 characters']],
      ['phone', ['phone must be a phone number']],
      ['categories', ['each category must be a code like elderly']],
      ['disabilityGrade', ['disabilityGrade must not be greater than 4']],
      ['address', ['address must be shorter than or equal to 200 characters']],
      ['note', ['note must be shorter than or equal to 500 characters']],
    ];
    expect(fieldErrors(RegisterRecipient.Request, { ...bad, gridPath: 'nj.gulou' })).toEqual(expected);
    expect(fieldErrors(UpdateRecipient.Request, { ...bad, id: '7d0f4b5e-8a3c-4f1e-9b2d-6c5a4e3f2a1b' })).toEqual(expected);
    expect(fieldErrors(RegisterRecipient.Request, { name: 'A', categories: ['elderly'], gridPath: 'NJ', idNumber: '123', birthDate: '1950-1-1' })).toEqual([
      ['birthDate', ['birthDate must be YYYY-MM-DD']],
      ['idNumber', ['idNumber must be an 18-character resident ID number']],
      ['gridPath', ['gridPath must be an ltree path like nj.gulou.btq.c01.g2_01.g3_01']],
    ]);
  });

  it('days and months name their field', () => {
    const id = '7d0f4b5e-8a3c-4f1e-9b2d-6c5a4e3f2a1b';
    expect(fieldErrors(EndRecipientSupport.Request, { recipientId: id, supportId: id, endedOn: 'today' })).toEqual([['endedOn', ['endedOn must be YYYY-MM-DD']]]);
    expect(fieldErrors(IssueVouchers.Request, { recipientId: id, month: '2026-13' })).toEqual([['month', ['month must be YYYY-MM']]]);
  });

  it("a query's root is one rule wherever it is taken (the field named, at most 300 characters)", () => {
    expect(fieldErrors(KeyAreaStats.Request, { root: 'NJ..x' })).toEqual([['root', ['root must be an ltree grid path']]]);
    expect(fieldErrors(KeyAreaStats.Request, { root: 'a'.repeat(301) })).toEqual([['root', ['root must be shorter than or equal to 300 characters']]]);
    expect(fieldErrors(ListStaff.Request, { phone: '12345', limit: '0' })).toEqual([
      ['phone', ['phone must be a mainland mobile or landline number']],
      ['limit', ['limit must not be less than 1']],
    ]);
  });

  it('query booleans: the kit\'s QueryBool reads anything but "true"/"1" as false; the strict one (incidents, petitions) refuses it', () => {
    expect(fieldErrors(ListRecurrences.Request, { quick: 'yes' })).toEqual([]);
    expect(fieldErrors(ListIncidents.Request, { overdue: 'yes' })).toEqual([['overdue', ['overdue must be a boolean value']]]);
    expect(fieldErrors(ListIncidents.Request, { overdue: 'false' })).toEqual([]);
    expect(fieldErrors(ListPetitions.Request, { repeat: 'yes' })).toEqual([['repeat', ['repeat must be a boolean value']]]);
  });
  it('Decimal: a fraction in exponent form is a 400 naming the field, not a crash (class-validator throws on 7e-323); the decimals counted on the number', () => {
    const activity = { volunteerId: '0b0f6d4e-8a51-4b7a-9a52-2f3c1f1f1f1f', title: '助老服务', activityDate: '2026-12-01' };
    const hours = (h: unknown) => fieldErrors(RecordVolunteerActivity.Request, { ...activity, hours: h });
    expect(hours(7e-323)).toEqual([['hours', ['hours must not be less than 0.25', 'hours must have at most 2 decimal places']]]);
    expect(hours(1e-7)).toEqual([['hours', ['hours must not be less than 0.25', 'hours must have at most 2 decimal places']]]);
    expect(hours(1.234)).toEqual([['hours', ['hours must have at most 2 decimal places']]]);
    expect(hours('abc')[0][1]).toContain('hours must be a number conforming to the specified constraints');
    for (const ok of [0.25, 0.29, 1.5, 2.75, 24, '1.25']) expect(hours(ok)).toEqual([]);
    expect(fieldErrors(CircleWalkParams, { speedMps: 1.2345 })).toEqual([['speedMps', ['speedMps must have at most 3 decimal places']]]);
    expect(fieldErrors(CircleWalkParams, { speedMps: 1.234 })).toEqual([]);
  });
});

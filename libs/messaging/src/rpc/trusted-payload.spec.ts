import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgumentMetadata } from '@nestjs/common';
import { ReportIncident, Role } from '@grid122/contracts';
import { requestContext } from '@grid122/observability';
import { ActorSigner } from './actor-signature';
import { payloadDigest, rememberRawPayload, rulesFingerprint, trustPayload, validatedFingerprint } from './trusted-payload';
import { SuiteValidationPipe } from './validation';

class Point {
  @IsInt() @Min(0) x: number;
}
class Body {
  @IsString() @MaxLength(10) name: string;
  @IsOptional() @ValidateNested() @Type(() => Point) at?: Point;
}
class RenamedBody extends Body {}
class LongerBody {
  @IsString() @MaxLength(11) name: string;
  @IsOptional() @ValidateNested() @Type(() => Point) at?: Point;
}
class Point2 {
  @IsInt() @Min(1) x: number;
}
class OtherNested {
  @IsString() @MaxLength(10) name: string;
  @IsOptional() @ValidateNested() @Type(() => Point2) at?: Point2;
}
class Transformed {
  @Transform(({ value }) => String(value).trim()) @IsString() name: string;
}

describe('rulesFingerprint', () => {
  it('is the same for a class and a subclass that only renames it, different when a rule or a nested rule differs', () => {
    const f = rulesFingerprint(Body);
    expect(f).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(rulesFingerprint(RenamedBody)).toBe(f);
    expect(rulesFingerprint(LongerBody)).not.toBe(f);
    expect(rulesFingerprint(OtherNested)).not.toBe(f);
  });

  it('vouches for no built-in type, no class without rules and no class with a transformation of its own', () => {
    for (const t of [String, Number, Object, Array, Date, class Empty {}, Transformed]) expect(rulesFingerprint(t)).toBeNull();
    expect(rulesFingerprint(ReportIncident.Request)).toBeTruthy();
  });
});

describe('the marker from the gateway to a service', () => {
  const meta = (metatype: unknown): ArgumentMetadata => ({ type: 'body', metatype: metatype as never, data: undefined });
  const actor = { id: 'a1', username: 'commander', role: Role.StreetCommander, scope: 'nj.gulou.btq' };

  it('the gateway vouches only for the JSON it validated in the same request', async () => {
    const pipe = new SuiteValidationPipe({ rememberValidated: true });
    await requestContext.run({ requestId: 'r1' }, async () => {
      const out = await pipe.transform({ name: 'ok', at: { x: 1 } }, meta(RenamedBody));
      expect(validatedFingerprint(JSON.stringify(out))).toBe(rulesFingerprint(Body));
      expect(validatedFingerprint(JSON.stringify({ ...(out as object) }))).toBe(rulesFingerprint(Body));
      expect(validatedFingerprint(JSON.stringify({ ...(out as object), extra: 1 }))).toBeNull();
      (out as Body).name = 'changed';
      expect(validatedFingerprint(JSON.stringify(out))).toBeNull();
    });
    expect(validatedFingerprint(JSON.stringify({ name: 'ok', at: { x: 1 } }))).toBeNull();
    await requestContext.run({ requestId: 'r2' }, async () => expect(validatedFingerprint(JSON.stringify({ name: 'ok', at: { x: 1 } }))).toBeNull());
  });

  it('a service trusts a payload only when the signed digest is that of its bytes, and then only for a class of the same rules', async () => {
    const checks: string[] = [];
    const pipe = new SuiteValidationPipe({ onCheck: (o) => checks.push(o) });
    const decode = (bytes: Uint8Array) => {
      const data = JSON.parse(Buffer.from(bytes).toString('utf8')).data;
      rememberRawPayload(data, bytes);
      return data;
    };
    const invalid = Buffer.from(JSON.stringify({ pattern: 's', data: { name: 'far too long a name', at: { x: -1 } }, id: '1' }));
    // Over other bytes: validated (and refused, naming the fields).
    const d1 = decode(invalid);
    expect(trustPayload(d1, { f: rulesFingerprint(Body)!, d: payloadDigest(Buffer.from('other')) })).toBe(false);
    await expect(pipe.transform(d1, meta(Body))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // Over these bytes, another class's rules: validated.
    const d2 = decode(invalid);
    expect(trustPayload(d2, { f: rulesFingerprint(LongerBody)!, d: payloadDigest(invalid) })).toBe(true);
    await expect(pipe.transform(d2, meta(Body))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(checks).toEqual(['validated', 'validated']);
    // Over these bytes and these rules: taken as the gateway validated it, into the class (nested too).
    const valid = Buffer.from(JSON.stringify({ pattern: 's', data: { name: 'ok', at: { x: 2 } }, id: '2' }));
    const d3 = decode(valid);
    expect(trustPayload(d3, { f: rulesFingerprint(Body)!, d: payloadDigest(valid) })).toBe(true);
    const out = (await pipe.transform(d3, meta(Body))) as Body;
    expect(out).toBeInstanceOf(Body);
    expect(out.at).toBeInstanceOf(Point);
    expect(out).toEqual({ name: 'ok', at: { x: 2 } });
    expect(checks).toEqual(['validated', 'validated', 'trusted']);
  });

  it('the marker travels inside the signed actor and comes out of verification', () => {
    const signer = new ActorSigner({ current: 'k'.repeat(40), ttlSeconds: 60 });
    const v = { f: 'abc', d: 'def' };
    expect(signer.verify(signer.sign(actor, 'r1', 's', Date.now(), v), 'r1', 's')).toEqual({ ok: true, actor, validated: v });
    expect(signer.verify(signer.sign(actor, 'r1', 's'), 'r1', 's')).toEqual({ ok: true, actor });
  });
});

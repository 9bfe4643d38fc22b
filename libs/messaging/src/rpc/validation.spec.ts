import { Type } from 'class-transformer';
import { IsNumber, IsString, ValidateNested } from 'class-validator';
import { AppError } from './app-error';
import { createValidationPipe } from './validation';

class Point {
  @IsNumber() lng!: number;
  @IsNumber() lat!: number;
}
class Report {
  @IsString() title!: string;
  @ValidateNested() @Type(() => Point) location!: Point;
}

/** The look for binary values runs only when a value holds one (#27): a binary nested value is still refused, naming the field. */
describe('SuiteValidationPipe: binary values under nested rules', () => {
  const pipe = createValidationPipe();
  const meta = { type: 'body' as const, metatype: Report };

  it('takes a JSON body as before', async () => {
    await expect(pipe.transform({ title: 't', location: { lng: 118.8, lat: 32.1 } }, meta)).resolves.toMatchObject({ title: 't', location: { lng: 118.8, lat: 32.1 } });
  });

  it('refuses a Buffer where a nested object belongs', async () => {
    const e = await pipe.transform({ title: 't', location: Buffer.from('x') }, meta).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(JSON.stringify((e as AppError).details)).toContain('location');
  });
});

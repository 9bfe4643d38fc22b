import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, buildMessage, IsArray, IsBoolean, IsInt, IsNumber, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy, ValidateNested, ValidationOptions } from 'class-validator';
import { CODE_PATTERN, DAY_PATTERN, GRID_PATH_MESSAGE, GRID_PATH_PATTERN, GeoPoint, ID_NUMBER_PATTERN, MONTH_PATTERN, PHONE_PATTERN, toBool } from './primitives';

/**
 * Field decorators for the fields every service's requests share (#21 item 4), each the same
 * class-validator stack a request used to spell out, so the rules and the messages naming the
 * field stay what they were. Put `@IsOptional()` before one for an optional field.
 */

/**
 * Decorators as if stacked above a property, the first on top: TypeScript applies a stack bottom
 * first, and class-validator reports a field's messages in that order, so a field declared with
 * `Field(A, B)` answers exactly as one declared `@A @B`.
 */
export function Field(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (let i = decorators.length - 1; i >= 0; i--) decorators[i](target, key);
  };
}

/** A string of at most `max` characters (and at least `min`, when given): a title, a note, a reason. */
export const Text = (max: number, min?: number): PropertyDecorator =>
  Field(IsString(), ...(min === undefined ? [] : [MinLength(min)]), MaxLength(max));

/** A whole number in [min, max] read from a query string or JSON (`'20'` → 20): a limit, a count, a year. */
export const QueryInt = (min: number, max?: number): PropertyDecorator =>
  Field(Type(() => Number), IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)]));

/** An amount in [min, max] read from a query string or JSON, not necessarily whole (yuan, m²). */
export const QueryNumber = (min: number, max: number): PropertyDecorator => Field(Type(() => Number), Min(min), Max(max));

/**
 * At most `places` decimals (a number that is not one is IsNumber's to refuse). class-validator's
 * `IsNumber({ maxDecimalPlaces })` throws — a 500, not a 400 — on a fraction JavaScript writes in
 * exponent form (7e-323, 1e-7: its `toString()` has no '.'); this reads the number, not its text.
 */
export const MaxDecimals = (places: number): PropertyDecorator =>
  ValidateBy({
    name: 'maxDecimals',
    constraints: [places],
    validator: {
      validate: (v: unknown) => typeof v !== 'number' || !Number.isFinite(v) || Number(v.toFixed(places)) === v,
      defaultMessage: buildMessage((each) => `${each}$property must have at most $constraint1 decimal places`),
    },
  });

/** A number with at most `places` decimals in [min, max], read from a query string or JSON: hours served, a walking speed. */
export const Decimal = (places: number, min: number, max: number): PropertyDecorator =>
  Field(Type(() => Number), IsNumber(), MaxDecimals(places), Min(min), Max(max));

/** One nested object, validated as its class. */
export const Nested = (cls: () => Function): PropertyDecorator => Field(ValidateNested(), Type(cls));

/** A list of nested objects (at most `max`; at least `min` when given, with its own message if any). */
export const NestedList = (cls: () => Function, max: number, min?: { size: number; message?: string }): PropertyDecorator =>
  Field(
    IsArray(),
    ...(min === undefined ? [] : [ArrayMinSize(min.size, min.message === undefined ? undefined : { message: min.message })]),
    ArrayMaxSize(max),
    ValidateNested({ each: true }),
    Type(cls),
  );

/** A WGS-84 point `{ lng, lat }`. */
export const GeoPointField = (): PropertyDecorator => Nested(() => GeoPoint);

/** An ltree grid path as the registry writes it; the message names the field unless another is given. */
export const IsGridPath = (options: ValidationOptions = GRID_PATH_MESSAGE): PropertyDecorator => Matches(GRID_PATH_PATTERN, options);

/** A grid path given as a string (`IsString` first, then the ltree pattern). */
export const GridPath = (options: ValidationOptions = GRID_PATH_MESSAGE): PropertyDecorator => Field(IsString(), IsGridPath(options));

/** A category code of the office's catalogue (`category must be a category code`, the field named). */
export const IsCategoryCode = (message = '$property must be a category code'): PropertyDecorator => Matches(CODE_PATTERN, { message });

/** sha256 hex digests of evidence already uploaded (at most `max`). */
export const EvidenceDigests = (max: number): PropertyDecorator =>
  Field(IsArray(), ArrayMaxSize(max), Matches(/^[0-9a-f]{64}$/, { each: true, message: '$property must hold sha256 hex digests' }));

/** A phone number as a resident gives it (`phone must be a phone number`, the field named). */
export const Phone = (): PropertyDecorator => Matches(PHONE_PATTERN, { message: '$property must be a phone number' });

/** A resident ID number (`idNumber must be an 18-character resident ID number`, the field named). */
export const IdNumber = (): PropertyDecorator => Matches(ID_NUMBER_PATTERN, { message: '$property must be an 18-character resident ID number' });

/** A day of the street's calendar (`startedOn must be YYYY-MM-DD`, the field named, unless another message is given). */
export const Day = (message = '$property must be YYYY-MM-DD'): PropertyDecorator => Matches(DAY_PATTERN, { message });

/** A month of the street's calendar (`month must be YYYY-MM`, the field named, unless another message is given). */
export const Month = (message = '$property must be YYYY-MM'): PropertyDecorator => Matches(MONTH_PATTERN, { message });

/** A month answered as `month must be a month YYYY-MM` (the office's, registry's and appraisal's wording), the field named. */
export const CalendarMonth = (): PropertyDecorator => Month('$property must be a month YYYY-MM');

/** A grid path answered as `gridPath must be an ltree path` (the field named), at most `max` characters when given. */
export const LtreePath = (max?: number): PropertyDecorator =>
  Field(IsGridPath({ message: '$property must be an ltree path' }), ...(max === undefined ? [] : [MaxLength(max)]));

/** The subtree a query is narrowed to, `root` (at most 300 characters, `root must be an ltree grid path`). */
export const GridRoot = (): PropertyDecorator => Field(IsGridPath({ message: '$property must be an ltree grid path' }), MaxLength(300));

/** A boolean read from a query string or JSON ("true"/"1" true, anything else false). */
export const QueryBool = (): PropertyDecorator => Field(Transform(toBool), IsBoolean());

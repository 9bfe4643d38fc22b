import { IsInt, IsNumber, Max, Min } from 'class-validator';

/**
 * Decorators for the settings every app's env class shares, each the class-validator stack a key
 * used to spell out (`@IsInt() @Min(a) @Max(b)`), applied in the same order so a bad value is named
 * with the same messages. A subclass that only changes a key's default (`override PORT = 3003`)
 * redeclares no decorator: the base class's rules are inherited.
 */
function stack(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (let i = decorators.length - 1; i >= 0; i--) decorators[i](target, key);
  };
}

/** A whole number in [min, max] (no upper bound when `max` is omitted): a port, a count, a period in ms. */
export const IntSetting = (min: number, max?: number): PropertyDecorator => stack(IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)]));

/** A number in [min, max], not necessarily whole: a share, a speed. */
export const NumberSetting = (min: number, max: number): PropertyDecorator => stack(IsNumber(), Min(min), Max(max));

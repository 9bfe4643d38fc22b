import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '@grid122/contracts';
import { AppError } from './app-error';

/** Flattens class-validator errors into `field.path: messages`, so a 400 names the field. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...toFieldErrors(e.children ?? [], field)];
  });
}

export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
} as const;

/** The same validation at every edge (HTTP and NATS), raising AppError(VALIDATION_FAILED). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATION_OPTIONS,
    exceptionFactory: (errors) => AppError.validation(toFieldErrors(errors)),
  });
}

import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { FieldError } from '@grid122/contracts';
import { AppError } from './app-error';
import { rememberValidated, rulesFingerprint, trustedFingerprint } from './trusted-payload';
import { cacheValidationMetadata } from './validation-metadata-cache';

// Every process that validates (every app: they all load this pipe) keeps each class's rules once.
cacheValidationMetadata();

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

export interface ValidationPipeOptions {
  /** The gateway: remember what was validated in the request, so RpcClient can vouch for it (trusted-payload.ts). */
  rememberValidated?: boolean;
  /** A service: called once per validated parameter with how it was taken (metrics). */
  onCheck?: (outcome: 'validated' | 'trusted') => void;
}

/**
 * The suite's validation pipe. A payload a verified marker vouches for (the gateway validated these
 * bytes with a class of the same rules, trusted-payload.ts) is only transformed into its class, as
 * the pipe would on success; everything else is validated as always.
 */
export class SuiteValidationPipe extends ValidationPipe {
  constructor(private readonly opts: ValidationPipeOptions = {}) {
    super({ ...VALIDATION_OPTIONS, exceptionFactory: (errors) => AppError.validation(toFieldErrors(errors)) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    const checked = !!metatype && this.toValidate(metadata);
    if (checked) {
      const f = trustedFingerprint(value);
      if (f !== undefined && rulesFingerprint(metatype) === f) {
        this.opts.onCheck?.('trusted');
        this.stripProtoKeys(value);
        return plainToInstance(metatype, value, VALIDATION_OPTIONS.transformOptions);
      }
    }
    if (checked) this.opts.onCheck?.('validated');
    const out = await super.transform(value, metadata);
    if (checked && this.opts.rememberValidated) rememberValidated(out, metatype);
    return out;
  }

  /**
   * Nest's look for binary values under nested rules walks every rule of the class on every call;
   * a parsed JSON body or NATS payload holds none, so it runs only for a value that holds one
   * (its errors are only ever about one) — #27, ~1 % of the gateway's CPU per intake.
   */
  protected override findNestedBinaryValues(object: unknown, metadataCache?: Map<unknown, unknown[]>): ValidationError[] {
    return holdsBinary(object) ? super.findNestedBinaryValues(object, metadataCache as Map<unknown, never[]>) : [];
  }
}

/**
 * Whether a value holds a binary value (a Buffer, a typed array, an ArrayBuffer) anywhere inside;
 * true too past `depth` levels, where the full look is left to the pipe.
 */
function holdsBinary(v: unknown, depth = 0): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return true;
  if (depth > 32) return true;
  const items = Array.isArray(v) ? v : v instanceof Set ? [...v] : v instanceof Map ? [...v.values()] : Object.values(v);
  for (const x of items) if (holdsBinary(x, depth + 1)) return true;
  return false;
}

/** The same validation at every edge (HTTP and NATS), raising AppError(VALIDATION_FAILED). */
export function createValidationPipe(opts: ValidationPipeOptions = {}): ValidationPipe {
  return new SuiteValidationPipe(opts);
}

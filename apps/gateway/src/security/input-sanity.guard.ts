import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { CommonErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';

/** Deeper than this, a body is refused before anyone walks it recursively (validation, services). */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses, as a 400 naming the field, what Postgres or a recursive walker would choke on later:
 * NUL characters (text columns cannot hold U+0000 and answered 500) and JSON nested deeper than
 * MAX_JSON_DEPTH. Walks iteratively, so a hostile depth cannot overflow this stack either.
 */
@Injectable()
export class InputSanityGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<{ body?: unknown; query?: unknown; params?: unknown }>();
    for (const [root, value] of [['body', req.body], ['query', req.query], ['params', req.params]] as const) {
      const bad = findProblem(value, root);
      if (bad) throw new AppError(CommonErrorCode.ValidationFailed, bad.message, { fields: [{ field: bad.field, messages: [bad.message] }] });
    }
    return true;
  }
}

export function findProblem(value: unknown, root: string): { field: string; message: string } | null {
  if (value === null || value === undefined || Buffer.isBuffer(value)) return null;
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { field: path, message: `${path} must not contain NUL characters` };
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      if (depth >= MAX_JSON_DEPTH) return { field: path, message: `${path} is nested deeper than ${MAX_JSON_DEPTH} levels` };
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        if (k.includes('\u0000')) return { field: path, message: `${path} has a key with NUL characters` };
        stack.push({ v: child, path: `${path}.${k}`, depth: depth + 1 });
      }
    }
  }
  return null;
}

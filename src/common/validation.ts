import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { FieldValidationError } from './errors';

/** Far deeper than any request DTO; deeper input would overflow the stack of the recursive transformers. */
export const MAX_INPUT_DEPTH = 32;
const MAX_MESSAGES = 20;

/** Flattens class-validator errors into one message per bad field, e.g. "slug must match ...". */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) {
      for (const [key, msg] of Object.entries(e.constraints)) {
        if (key === 'whitelistValidation') out.push(`property ${path} should not exist`);
        else out.push(msg.startsWith(e.property) && parent ? `${parent}.${msg}` : msg);
      }
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

/**
 * What no DTO accepts, found before class-transformer and class-validator see
 * the input: nesting deeper than `MAX_INPUT_DEPTH` (they recurse, and would
 * overflow the stack), and strings with NUL characters (PostgreSQL text cannot
 * store them). One message per bad field; the walk itself is iterative.
 */
export function inputProblems(value: unknown, what: string): string[] {
  const out: string[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length && out.length < MAX_MESSAGES) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) out.push(`${path || what} must not contain NUL characters`);
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_INPUT_DEPTH) {
        out.push(`${path.split('.')[0] || what} is nested more than ${MAX_INPUT_DEPTH} levels deep`);
        continue;
      }
      for (const [key, child] of Object.entries(v)) {
        stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
      }
    }
  }
  return out;
}

/** `toString`, `constructor`, `__proto__`, ...: names class-validator's whitelist takes for declared fields. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Own keys named like members of `Object.prototype` that `dto` does not
 * declare, at any depth (`components.0.valueOf`). class-validator looks
 * field names up in a plain object, so `forbidNonWhitelisted` takes
 * `?toString=1` or `{"constructor":1}` for declared fields and lets them
 * through (issue 12). No nested DTO declares such a name. Runs after
 * `inputProblems`, so the input is not nested too deeply.
 */
export function undeclaredPrototypeKeys(value: unknown, dto: Function): string[] {
  const declared = new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName));
  const out: string[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length && out.length < MAX_MESSAGES) {
    const { value: v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    for (const key of Object.keys(v)) {
      const at = path ? `${path}.${key}` : key;
      if (PROTOTYPE_NAMES.has(key) && (path || !declared.has(key))) out.push(`property ${at} should not exist`);
      else stack.push({ value: (v as Record<string, unknown>)[key], path: at });
    }
  }
  return out;
}

const badRequest = (message: string[]) => new FieldValidationError(message);

/**
 * The one validation pipe: class-validator with whitelisting, after two checks
 * of the raw input: a body must be a JSON object (or absent), nothing may be
 * nested too deeply or carry NUL characters (see `inputProblems`), and no
 * field may be named after an `Object.prototype` member the DTO does not
 * declare (see `undeclaredPrototypeKeys`).
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => badRequest(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw badRequest(['body must be a JSON object']);
    }
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problems = inputProblems(value, metadata.type);
      if (problems.length) throw badRequest(problems);
      if (metadata.metatype && this.toValidate(metadata)) {
        const unknown = undeclaredPrototypeKeys(value, metadata.metatype);
        if (unknown.length) throw badRequest(unknown);
      }
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe();
}

import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { AppValidationPipe, inputProblems, MAX_INPUT_DEPTH, undeclaredPrototypeKeys } from './validation';

class NameDto {
  @IsString()
  name: string;
}

const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

async function messages(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return ((err as BadRequestException).getResponse() as { message: unknown }).message;
  }
  throw new Error('expected a 400');
}

describe('inputProblems', () => {
  it('accepts ordinary input, including odd but storable characters', () => {
    expect(inputProblems({ name: 'Été 🔥 \u202e\t', components: [{ componentId: 'x' }] }, 'body')).toEqual([]);
    expect(inputProblems(nested(MAX_INPUT_DEPTH), 'body')).toEqual([]);
  });

  it('names each field holding a NUL character (PostgreSQL text cannot store it)', () => {
    expect(inputProblems({ name: 'a\u0000b', list: [{ message: '\u0000' }] }, 'body')).toEqual([
      'list.0.message must not contain NUL characters',
      'name must not contain NUL characters',
    ]);
    expect(inputProblems('\u0000', 'query')).toEqual(['query must not contain NUL characters']);
  });

  it('stops at nesting deeper than the limit, without recursing (no stack overflow at any depth)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(inputProblems({ x: deep }, 'body')).toEqual([`x is nested more than ${MAX_INPUT_DEPTH} levels deep`]);
    expect(inputProblems(nested(MAX_INPUT_DEPTH + 1), 'body')).toEqual([`a is nested more than ${MAX_INPUT_DEPTH} levels deep`]);
  });
});

describe('AppValidationPipe', () => {
  const pipe = new AppValidationPipe();
  const body = { type: 'body' as const, metatype: NameDto };

  it('validates a JSON object body as before', async () => {
    await expect(pipe.transform({ name: 'x' }, body)).resolves.toBeInstanceOf(NameDto);
    expect(await messages(() => pipe.transform({ name: 1, extra: true }, body))).toEqual([
      'property extra should not exist',
      'name must be a string',
    ]);
  });

  it('refuses a body that is not a JSON object', async () => {
    for (const value of [null, [], [{ name: 'x' }], 'text', 1, true]) {
      expect(await messages(() => pipe.transform(value, body))).toEqual(['body must be a JSON object']);
    }
  });

  it('refuses NUL characters and deep nesting in bodies and query strings before validating', async () => {
    expect(await messages(() => pipe.transform({ name: 'a\u0000' }, body))).toEqual(['name must not contain NUL characters']);
    expect(await messages(() => pipe.transform({ name: 'x', deep: nested(10_000) }, body))).toEqual([
      `deep is nested more than ${MAX_INPUT_DEPTH} levels deep`,
    ]);
    expect(await messages(() => pipe.transform({ status: '\u0000' }, { type: 'query', metatype: NameDto }))).toEqual([
      'status must not contain NUL characters',
    ]);
  });
});

describe('fields named like Object.prototype members (issue 12)', () => {
  class ItemDto {
    @IsString()
    id: string;
  }
  class ListDto {
    @IsString()
    name: string;

    @IsOptional()
    @ValidateNested({ each: true })
    @Type(() => ItemDto)
    items?: ItemDto[];
  }
  const pipe = new AppValidationPipe();
  const body = { type: 'body' as const, metatype: ListDto };
  const query = { type: 'query' as const, metatype: ListDto };
  const names = Object.getOwnPropertyNames(Object.prototype).filter((n) => n !== '__proto__');

  it.each(names)('refuses %s in a body and in a query, as any unknown field', async (key) => {
    expect(await messages(() => pipe.transform({ name: 'x', [key]: 1 }, body))).toEqual([`property ${key} should not exist`]);
    expect(await messages(() => pipe.transform({ name: 'x', [key]: '1' }, query))).toEqual([`property ${key} should not exist`]);
  });

  it('refuses them in nested objects too, naming the path', async () => {
    expect(await messages(() => pipe.transform({ name: 'x', items: [{ id: 'a' }, { id: 'b', valueOf: 1 }] }, body))).toEqual([
      'property items.1.valueOf should not exist',
    ]);
  });

  it('still accepts what the DTO declares, and leaves undecorated parameters alone', async () => {
    await expect(pipe.transform({ name: 'toString', items: [{ id: 'constructor' }] }, body)).resolves.toBeInstanceOf(ListDto);
    await expect(pipe.transform({ toString: '1' }, { type: 'query', metatype: Object })).resolves.toEqual({ toString: '1' });
  });

  it('names a prototype-named key like any other unknown key (the reference case)', async () => {
    expect(await messages(() => pipe.transform({ name: 'x', x: 1 }, query))).toEqual(['property x should not exist']);
  });

  it('finds them with undeclaredPrototypeKeys, skipping declared top-level fields', () => {
    expect(undeclaredPrototypeKeys({ name: 'x', hasOwnProperty: 1, items: [{ constructor: 1 }] }, ListDto).sort()).toEqual([
      'property hasOwnProperty should not exist',
      'property items.0.constructor should not exist',
    ]);
    expect(undeclaredPrototypeKeys({ name: 'x' }, ListDto)).toEqual([]);
  });
});

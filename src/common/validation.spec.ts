import { BadRequestException } from '@nestjs/common';
import { IsString } from 'class-validator';
import { AppValidationPipe, inputProblems, MAX_INPUT_DEPTH } from './validation';

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

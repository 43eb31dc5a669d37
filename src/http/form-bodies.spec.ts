import { parseFormBody } from './form-bodies';

describe('parseFormBody', () => {
  it('reads fields, lists repeated ones, and always lists componentIds', () => {
    expect(parseFormBody('email=ada%40example.com&componentIds=a&componentIds=b')).toEqual({
      email: 'ada@example.com',
      componentIds: ['a', 'b'],
    });
    expect(parseFormBody('componentIds=a')).toEqual({ componentIds: ['a'] });
    expect(parseFormBody('email=a&email=b')).toEqual({ email: ['a', 'b'] });
    expect(parseFormBody('List-Unsubscribe=One-Click')).toEqual({ 'List-Unsubscribe': 'One-Click' });
    expect(parseFormBody('')).toEqual({});
  });

  it('keeps prototype names as own fields (left for validation to refuse), never as the prototype', () => {
    const parsed = parseFormBody('__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses a form with too many fields (400)', () => {
    expect(() => parseFormBody(Array.from({ length: 601 }, (_, i) => `f${i}=1`).join('&'))).toThrow(
      expect.objectContaining({ statusCode: 400 }),
    );
  });
});

import { z } from 'zod';
import { problemsOf } from '../../bot/domain/problems';

const KNOWN = { 'name.empty': {}, 'name.tooLong': { max: 3 } } as const;
const form = z.object({ name: z.string().min(1, 'name.empty').max(3, 'name.tooLong'), tags: z.array(z.string().max(2, 'name.empty')) });
const problems = (input: unknown) => {
  const parsed = form.safeParse(input);
  return parsed.success ? [] : problemsOf(parsed.error, KNOWN);
};

describe("a form's problems carry no words", () => {
  test("each of the schema's own messages is its id, with the values its message needs", () => {
    expect(problems({ name: '', tags: [] })).toEqual([{ field: 'name', id: 'name.empty' }]);
    expect(problems({ name: 'Anastasia', tags: [] })).toEqual([{ field: 'name', id: 'name.tooLong', values: { max: 3 } }]);
  });

  test("zod's own English never comes through: a value of the wrong type is not valid, for its field", () => {
    const told = problems({ name: 42, tags: 'a' });
    expect(told).toEqual([
      { field: 'name', id: 'invalid' },
      { field: 'tags', id: 'invalid' },
    ]);
    expect(JSON.stringify(told)).not.toMatch(/expected|received/i);
  });

  test('a problem of several items of a list is told once, for the list', () => {
    expect(problems({ name: 'Bo', tags: ['abc', 'def', 'ghi'] })).toEqual([{ field: 'tags', id: 'name.empty' }]);
  });

  test('a body that is no object at all is a problem of the whole form', () => {
    expect(problems('Bo')).toEqual([{ field: '', id: 'invalid' }]);
  });

  test('a message that only looks like an id of an inherited property is not taken for one', () => {
    const parsed = z.object({ name: z.string().min(1, 'toString') }).safeParse({ name: '' });
    expect(parsed.success ? [] : problemsOf(parsed.error, KNOWN)).toEqual([{ field: 'name', id: 'invalid' }]);
  });
});

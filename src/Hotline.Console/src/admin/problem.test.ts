import { describe, expect, it } from 'vitest';
import { readProblem, sortFieldErrors } from './problem';

describe('readProblem', () => {
  it('reads a ProblemDetails body with its extensions', async () => {
    const response = new Response(JSON.stringify({ title: 'Bad', errors: { name: ['name is required.'] }, conflicts: [] }), { status: 400 });
    const problem = await readProblem(response);
    expect(problem.status).toBe(400);
    expect(problem.title).toBe('Bad');
    expect(problem.errors).toEqual({ name: ['name is required.'] });
    expect(problem.conflicts).toEqual([]);
  });

  it('keeps the status when the body is not JSON', async () => {
    expect(await readProblem(new Response('<html>too large</html>', { status: 413 }))).toEqual({ status: 413 });
    expect(await readProblem(new Response(null, { status: 502 }))).toEqual({ status: 502 });
  });
});

describe('sortFieldErrors', () => {
  it('puts each message next to its field and keeps the ones no field shows', () => {
    const sorted = sortFieldErrors(
      { organization: ['organization is required.'], Communes: ['"13150" is not an INSEE commune code.'], '$.kind': ['The JSON value could not be converted.'] },
      ['organization', 'communes', 'name'] as const,
    );
    expect(sorted.byField).toEqual({
      organization: ['organization is required.'],
      communes: ['"13150" is not an INSEE commune code.'],
    });
    expect(sorted.other).toEqual(['The JSON value could not be converted.']);
  });

  it('has nothing to sort without errors', () => {
    expect(sortFieldErrors(undefined, ['name'] as const)).toEqual({ byField: {}, other: [] });
  });
});

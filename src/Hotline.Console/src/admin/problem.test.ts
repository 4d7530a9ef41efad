import { describe, expect, it } from 'vitest';
import { sortFieldErrors } from './problem';

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

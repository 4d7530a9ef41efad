import { describe, expect, it } from 'vitest';
import { auditQuery, isGuid, localMidnight, noAuditFilters } from './api';

describe('auditQuery', () => {
  it('is empty without filters', () => {
    expect(auditQuery(noAuditFilters)).toBe('');
  });

  it('sends every filter set, trimmed, with the page', () => {
    const query = auditQuery(
      { user: ' counsellor1 ', action: 'Update', outcome: 'Denied', entityType: 'DirectoryService', entityId: ' 42 ', from: '', to: '' },
      { before: 1234, take: 51 },
    );
    expect(Object.fromEntries(new URLSearchParams(query.slice(1)))).toEqual({
      user: 'counsellor1',
      action: 'Update',
      outcome: 'Denied',
      entityType: 'DirectoryService',
      entityId: '42',
      before: '1234',
      take: '51',
    });
  });

  it('turns a day range into instants with the last day included', () => {
    const params = new URLSearchParams(auditQuery({ ...noAuditFilters, from: '2026-11-27', to: '2026-11-27' }).slice(1));
    expect(params.get('from')).toBe(new Date(2026, 10, 27).toISOString());
    expect(params.get('to')).toBe(new Date(2026, 10, 28).toISOString());
  });

  it('crosses month and year ends', () => {
    expect(localMidnight('2026-12-31', 1)).toBe(new Date(2027, 0, 1).toISOString());
    expect(localMidnight('2026-02-28', 1)).toBe(new Date(2026, 2, 1).toISOString());
  });

  it('ignores a date that is not one', () => {
    expect(localMidnight('27/11/2026')).toBeNull();
    expect(auditQuery({ ...noAuditFilters, from: 'yesterday' })).toBe('');
  });
});

describe('isGuid', () => {
  it('accepts a call id and nothing else', () => {
    expect(isGuid('0194f3a2-7b1c-7def-8a00-0123456789ab')).toBe(true);
    expect(isGuid(' 0194F3A2-7B1C-7DEF-8A00-0123456789AB ')).toBe(true);
    expect(isGuid('0194f3a2')).toBe(false);
    expect(isGuid('../../api/audit')).toBe(false);
  });
});

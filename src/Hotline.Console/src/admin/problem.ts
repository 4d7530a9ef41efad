// Field errors of a ProblemDetails (a Problem of api/client.ts) sorted for a form.

/**
 * Field errors sorted into the fields a form shows and the rest (a key the form does not know, such as
 * "$.kind" for a body the server could not read), so that no message is ever dropped.
 */
export function sortFieldErrors<Field extends string>(
  errors: Record<string, string[]> | undefined,
  fields: readonly Field[],
): { byField: Partial<Record<Field, string[]>>; other: string[] } {
  const byField: Partial<Record<Field, string[]>> = {};
  const other: string[] = [];
  for (const [key, messages] of Object.entries(errors ?? {})) {
    const field = fields.find((f) => f.toLowerCase() === key.toLowerCase());
    if (field === undefined) {
      other.push(...messages);
    } else {
      byField[field] = [...(byField[field] ?? []), ...messages];
    }
  }
  return { byField, other };
}

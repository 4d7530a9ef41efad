// ProblemDetails as the server writes them (src/Hotline.Server/Hosting): a title, and for a
// ValidationProblem the field errors keyed by the request's JSON names. Extensions are read by callers.

export interface ProblemDetails {
  status?: number;
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
  [extension: string]: unknown;
}

/** The body of an error response, or a bare problem with the status when it is not JSON. */
export async function readProblem(response: Response): Promise<ProblemDetails> {
  try {
    const body = (await response.json()) as unknown;
    if (body !== null && typeof body === 'object') {
      return { status: response.status, ...(body as ProblemDetails) };
    }
  } catch {
    // An empty or non-JSON body (a proxy's page, a 413 from Kestrel): the status says enough.
  }
  return { status: response.status };
}

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

/** A field's errors (from the server's ProblemDetails, or the form's own check), referenced by aria-describedby. */
export function FieldError({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) {
    return null;
  }
  return (
    <p id={id} className="triage__error">
      {messages.join(' ')}
    </p>
  );
}

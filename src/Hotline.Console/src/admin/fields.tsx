// Form fields of the admin screens: a label, an optional hint, the server's errors next to the field
// (aria-invalid and aria-describedby, so a screen reader reads them with the field).

import { type ReactNode, useEffect, useId, useRef } from 'react';

interface FieldProps {
  label: string;
  hint?: string | undefined;
  errors?: readonly string[] | undefined;
  /** Renders the control with its id and the ids that describe it. */
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
  className?: string;
}

export function Field({ label, hint, errors, children, className }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = errors !== undefined && errors.length > 0;
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter((x) => x !== null).join(' ');
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(invalid ? { 'aria-invalid': true } : {}) })}
      {invalid ? <FieldErrors id={errorId} errors={errors} /> : null}
    </div>
  );
}

export function FieldErrors({ id, errors }: { id: string; errors: readonly string[] }) {
  return (
    <ul id={id} className="field-error">
      {errors.map((error, index) => (
        <li key={index}>{error}</li>
      ))}
    </ul>
  );
}

/** A heading that takes focus when its view opens, so keyboard and screen-reader users start there. */
export function ViewHeading({ children, level = 1 }: { children: ReactNode; level?: 1 | 2 }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  const Tag = level === 1 ? 'h1' : 'h2';
  return (
    <Tag ref={ref} tabIndex={-1}>
      {children}
    </Tag>
  );
}

/** A filter's drop-down: "any" (the empty value) then each choice with its label. */
export function ChoiceFilter<Value extends string>({
  label,
  anyLabel,
  value,
  choices,
  labels,
  onChange,
}: {
  label: string;
  anyLabel: string;
  value: Value | '';
  choices: readonly Value[];
  labels: Record<Value, string>;
  onChange: (value: Value | '') => void;
}) {
  return (
    <Field label={label}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value as Value | '')}>
          <option value="">{anyLabel}</option>
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {labels[choice]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

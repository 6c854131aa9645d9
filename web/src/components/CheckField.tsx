// A labelled checkbox with the sentence that explains it and the API's message for it, tied
// together for screen readers like Field does for other controls.
import { useFieldIds } from "./Field";

interface Props {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  hint?: string;
  error?: string;
  disabled?: boolean;
  required?: boolean;
}

export function CheckField({ label, checked, onChange, hint, error, disabled, required }: Props) {
  const { id, hintId, errorId, describedBy } = useFieldIds(hint, error);
  return (
    <div className={error ? "check-field field-invalid" : "check-field"}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-required={required || undefined}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}

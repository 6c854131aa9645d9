// A labelled checkbox (the label beside the box), with its hint and the API's message for it
// tied to it for screen readers, like Field.
import { useId } from "react";
import { describedBy } from "./Field";

interface Props {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  hint?: string;
  error?: string;
  required?: boolean;
}

export function CheckboxField({ label, checked, onChange, hint, error, required }: Props) {
  const id = useId();
  return (
    <div className={error ? "field checkbox-field field-invalid" : "field checkbox-field"}>
      <label htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-required={required || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          onChange={(event) => onChange(event.target.checked)}
        />{" "}
        {label}
      </label>
      {hint && (
        <span className="hint" id={id + "-hint"}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={id + "-error"}>
          {error}
        </span>
      )}
    </div>
  );
}

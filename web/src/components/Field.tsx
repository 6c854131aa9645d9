// A labelled form control with its hint and the API's message for it, tied together for
// screen readers (aria-describedby, aria-invalid).
import { cloneElement, useId } from "react";
import type { ReactElement } from "react";

interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  children: ReactElement<Record<string, unknown>>;
}

// The ids of a control's hint and message, for its aria-describedby (none when it has neither).
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint && id + "-hint", error && id + "-error"].filter(Boolean).join(" ") || undefined;
}

export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={id + "-hint"}>
          {hint}
        </span>
      )}
      {cloneElement(children, {
        id,
        "aria-describedby": describedBy(id, hint, error),
        "aria-invalid": error ? true : undefined,
      })}
      {error && (
        <span className="field-error" id={id + "-error"}>
          {error}
        </span>
      )}
    </div>
  );
}

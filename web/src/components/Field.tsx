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

// The ids that tie a control to its hint and its error message.
export function useFieldIds(hint: string | undefined, error: string | undefined) {
  const id = useId();
  const hintId = hint ? id + "-hint" : undefined;
  const errorId = error ? id + "-error" : undefined;
  return { id, hintId, errorId, describedBy: describedBy(id, hint, error) };
}

export function Field({ label, error, hint, children }: FieldProps) {
  const { id, hintId, errorId, describedBy: described } = useFieldIds(hint, error);
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {cloneElement(children, {
        id,
        "aria-describedby": described,
        "aria-invalid": error ? true : undefined,
      })}
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}

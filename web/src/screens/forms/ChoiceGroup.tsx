// The options of a choice question as radio buttons (one choice) or checkboxes (several), in a
// group named by the question, with its help and message tied to the group.
import { useId } from "react";
import { describedBy } from "../../components/Field";

interface Props {
  label: string;
  options: string[];
  multiple: boolean;
  chosen: string[];
  onChange(chosen: string[]): void;
  onBlur?(): void;
  hint?: string;
  error?: string;
  required?: boolean;
}

export function ChoiceGroup({ label, options, multiple, chosen, onChange, onBlur, hint, error, required }: Props) {
  const id = useId();
  const toggle = (option: string, on: boolean) => {
    if (!multiple) onChange([option]);
    else onChange(on ? [...chosen, option] : chosen.filter((item) => item !== option));
  };
  return (
    <fieldset
      className={error ? "field choice-group field-invalid" : "field choice-group"}
      role={multiple ? "group" : "radiogroup"}
      aria-describedby={describedBy(id, hint, error)}
      aria-required={required && !multiple ? true : undefined}
      aria-invalid={error && !multiple ? true : undefined}
      onBlur={onBlur}
    >
      <legend>{label}</legend>
      {hint && (
        <span className="hint" id={id + "-hint"}>
          {hint}
        </span>
      )}
      {options.map((option) => (
        <label key={option} className="choice">
          <input
            type={multiple ? "checkbox" : "radio"}
            name={id}
            value={option}
            checked={chosen.includes(option)}
            aria-invalid={error ? true : undefined}
            onChange={(event) => toggle(option, event.target.checked)}
          />{" "}
          {option}
        </label>
      ))}
      {error && (
        <span className="field-error" id={id + "-error"}>
          {error}
        </span>
      )}
    </fieldset>
  );
}

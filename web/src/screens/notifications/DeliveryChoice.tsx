// How one hears of a kind of notification, in words, and the radio group that chooses it: one
// per kind on How you hear of things (with the district's default among the choices) and on
// Notification defaults. The group is named by the kind; the API's message for it is tied to
// the group.
import { useId } from "react";
import type { Delivery } from "../../api/client";
import { describedBy } from "../../components/Field";

export const deliveryLabels: Record<Delivery, string> = {
  immediately: "E-mail and app",
  app: "App only",
  off: "Off",
};
export const deliveries = Object.keys(deliveryLabels) as Delivery[];

// The sentence that tells every screen with these choices that e-mail is safe to send.
export function NoStudentNames() {
  return (
    <p className="privacy-note">
      <strong>Trellis puts no student&apos;s name in e-mails.</strong> An e-mail says what happened, with the title
      staff gave the task or meeting (or the case number) and a link into Trellis; whom it is about, and their records,
      show only after signing in.
    </p>
  );
}

interface Props<Value extends string> {
  label: string;
  options: { value: Value; label: string }[];
  value: Value;
  onChange(value: Value): void;
  error?: string;
}

export function DeliveryChoice<Value extends string>({ label, options, value, onChange, error }: Props<Value>) {
  const id = useId();
  return (
    <fieldset
      className={error ? "field choice-group delivery-choice field-invalid" : "field choice-group delivery-choice"}
      role="radiogroup"
      aria-describedby={describedBy(id, undefined, error)}
      aria-invalid={error ? true : undefined}
    >
      <legend>{label}</legend>
      <div className="delivery-options">
        {options.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name={id}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />{" "}
            {option.label}
          </label>
        ))}
      </div>
      {error && (
        <span className="field-error" id={id + "-error"}>
          {error}
        </span>
      )}
    </fieldset>
  );
}

// How one hears of a kind of notification, in words, and the form that chooses it for every
// kind: on How you hear of things (with the district's default among the choices) and on
// Notification defaults. Each kind is a radio group named by the kind; the API's message for
// it (<prefix>.<kind>) is tied to the group.
import { useId } from "react";
import type { FormEvent, ReactNode } from "react";
import type { Delivery, StudentNamesInEmail } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { describedBy } from "../../components/Field";
import { StatusNotice } from "../../components/StatusNotice";

export const deliveryLabels: Record<Delivery, string> = {
  immediately: "E-mail and app",
  digest: "Morning digest",
  app: "App only",
  off: "Off",
};
export const deliveries = Object.keys(deliveryLabels) as Delivery[];

// What each delivery means, for both screens; `extra` adds the district default's line.
export function DeliveryMeanings({ extra }: { extra?: ReactNode }) {
  return (
    <ul className="delivery-meanings">
      <li>
        <strong>{deliveryLabels.immediately}</strong>: an e-mail at once, and the bell and Notifications in Trellis.
      </li>
      <li>
        <strong>{deliveryLabels.digest}</strong>: the bell and Notifications at once, and one e-mail each morning (from
        7:00) with those still unread.
      </li>
      <li>
        <strong>{deliveryLabels.app}</strong>: the bell and Notifications in Trellis, no e-mail.
      </li>
      <li>
        <strong>{deliveryLabels.off}</strong>: nothing. The task, case or meeting is in Trellis all the same.
      </li>
      {extra}
    </ul>
  );
}

// What e-mails say of a student, under the district's setting.
export function StudentNamesNote({ names }: { names: StudentNamesInEmail }) {
  if (names === "first_name_last_initial") {
    return (
      <p className="privacy-note">
        <strong>E-mails name a student by first name and last initial at most</strong> (&ldquo;Maria G.&rdquo;), and
        only to staff who may see that student&apos;s record. They hold no record: the rest shows only after signing in.
      </p>
    );
  }
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

export interface KindChoice<Value extends string> {
  kind: string;
  label: string;
  options: { value: Value; label: string }[];
}

interface FormProps<Value extends string> {
  label: string; // the form's accessible name
  kinds: KindChoice<Value>[];
  choices: Record<string, Value>;
  fallback: Value; // shown for a kind without a choice
  onChange(choices: Record<string, Value>): void;
  fieldErrors: Record<string, string>;
  errorPrefix: string; // "preferences" or "defaults": the API names fields <prefix>.<kind>
  error: unknown;
  busy: boolean;
  submitLabel: string;
  notice: string | null;
  onSubmit(): void;
  children?: ReactNode; // more settings, after the kinds
}

// Every kind's choice, Save, and what saving did.
export function DeliveryForm<Value extends string>(props: FormProps<Value>) {
  const { kinds, choices, onChange, fieldErrors } = props;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <form className="panel" aria-label={props.label} onSubmit={submit} noValidate>
      <ErrorMessage error={props.error} />
      {kinds.map((row) => (
        <DeliveryChoice<Value>
          key={row.kind}
          label={row.label}
          options={row.options}
          value={choices[row.kind] ?? props.fallback}
          onChange={(value) => onChange({ ...choices, [row.kind]: value })}
          error={fieldErrors[`${props.errorPrefix}.${row.kind}`]}
        />
      ))}
      {props.children}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={props.busy}>
          {props.busy ? "Saving…" : props.submitLabel}
        </button>
      </div>
      <StatusNotice notice={props.notice} />
    </form>
  );
}

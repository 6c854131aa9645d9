// The input for one question of a form, by its answer type, labelled by the question, with its
// help and the message about its answer (the browser's check or the API's) next to it.
import type { StudentEntry } from "../../api/client";
import { CheckField } from "../../components/CheckField";
import { Field } from "../../components/Field";
import { StudentPicker } from "../../components/StudentPicker";
import type { AnswerDraft } from "./answers";
import { ChoiceGroup } from "./ChoiceGroup";
import type { FormField } from "./formTypes";

interface Props {
  field: FormField;
  answer: AnswerDraft;
  error?: string;
  onChange(answer: AnswerDraft): void;
  // Leaving a question checks what was typed into it.
  onBlur(): void;
}

export function AnswerInput({ field, answer, error, onChange, onBlur }: Props) {
  const label = field.required ? `${field.label} (required)` : field.label;
  const hint = field.help || undefined;
  const required = field.required || undefined;
  const text = typeof answer === "string" ? answer : "";
  switch (field.type) {
    case "checkbox":
      return (
        <CheckField
          label={label}
          hint={hint}
          error={error}
          required={required}
          checked={answer === true}
          onChange={onChange}
        />
      );
    case "single_choice":
    case "multiple_choice":
      return (
        <ChoiceGroup
          label={label}
          hint={hint}
          error={error}
          required={required}
          options={field.options ?? []}
          multiple={field.type === "multiple_choice"}
          chosen={Array.isArray(answer) ? answer : text ? [text] : []}
          onChange={(chosen) => onChange(field.type === "multiple_choice" ? chosen : (chosen[0] ?? ""))}
          onBlur={onBlur}
        />
      );
    case "student":
      return (
        <StudentPicker
          label={label}
          hint={hint}
          chosen={(answer as StudentEntry | null) ?? null}
          onChoose={onChange}
          error={error}
        />
      );
    case "long_text":
      return (
        <Field label={label} hint={hint} error={error}>
          <textarea
            rows={5}
            maxLength={10000}
            aria-required={required}
            value={text}
            onBlur={onBlur}
            onChange={(event) => onChange(event.target.value)}
          />
        </Field>
      );
    default:
      return (
        <Field label={label} hint={hint} error={error}>
          <input
            aria-required={required}
            value={text}
            onBlur={onBlur}
            onChange={(event) => onChange(event.target.value)}
            {...inputKind(field.type)}
          />
        </Field>
      );
  }
}

// A number is typed as text so that a mistyped one reaches the check instead of vanishing
// (an <input type="number"> reports bad input as empty).
function inputKind(type: FormField["type"]) {
  if (type === "number") return { type: "text", inputMode: "decimal" as const };
  if (type === "date") return { type: "date" };
  return { type: "text", maxLength: 1000 };
}

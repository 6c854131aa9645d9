// One question of the form builder: its label, answer type, key, help, whether it must be
// answered, and the options of a choice; buttons move it up or down or remove it. The API's
// messages about it (keyed by question, see errorsByQuestion) show next to what they concern.
import { CheckField } from "../../components/CheckField";
import { Field } from "../../components/Field";
import { optionsOf, questionPath, type FieldDraft } from "./builderModel";
import { fieldTypeLabels, fieldTypes, hasOptions, type FieldType } from "./formTypes";
import { listError } from "./listErrors";

interface Props {
  field: FieldDraft;
  index: number;
  count: number;
  errors: Record<string, string>;
  onChange(change: Partial<FieldDraft>): void;
  onMove(offset: -1 | 1): void;
  onRemove(): void;
}

// The ids of a question's move buttons, so that focus can follow the question it moved.
export function moveButtonId(uid: number, offset: -1 | 1): string {
  return `${questionPath(uid)}-move-${offset < 0 ? "up" : "down"}`;
}

export function FieldEditor({ field, index, count, errors, onChange, onMove, onRemove }: Props) {
  const path = questionPath(field.uid);
  const name = <span className="visually-hidden"> question {index + 1}</span>;
  return (
    <fieldset className="question-editor" id={questionPath(field.uid)}>
      <legend>
        Question {index + 1}
        {field.label ? `: ${field.label}` : ""}
      </legend>
      <Field label="Question" error={errors[path + ".label"]}>
        <input
          type="text"
          maxLength={200}
          value={field.label}
          onChange={(event) => onChange({ label: event.target.value })}
        />
      </Field>
      <div className="question-row">
        <Field label="Answer type" error={errors[path + ".type"]}>
          <select value={field.type} onChange={(event) => onChange({ type: event.target.value as FieldType })}>
            {fieldTypes.map((type) => (
              <option key={type} value={type}>
                {fieldTypeLabels[type]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Answer key" hint="Lower-case letters, digits and _" error={errors[path + ".key"]}>
          <input
            type="text"
            maxLength={64}
            value={field.key}
            onChange={(event) => onChange({ key: event.target.value })}
          />
        </Field>
      </div>
      {hasOptions(field.type) && (
        <Field label="Options" hint="One per line" error={listError(errors, path + ".options", optionsOf(field))}>
          <textarea
            rows={4}
            value={field.optionsText}
            onChange={(event) => onChange({ optionsText: event.target.value })}
          />
        </Field>
      )}
      <Field label="Help" hint="Optional: what a good answer says" error={errors[path + ".help"]}>
        <textarea
          rows={2}
          maxLength={1000}
          value={field.help}
          onChange={(event) => onChange({ help: event.target.value })}
        />
      </Field>
      <CheckField
        label="Must be answered"
        checked={field.required}
        error={errors[path + ".required"]}
        onChange={(required) => onChange({ required })}
      />
      <div className="question-actions">
        <button type="button" id={moveButtonId(field.uid, -1)} disabled={index === 0} onClick={() => onMove(-1)}>
          Move up{name}
        </button>
        <button type="button" id={moveButtonId(field.uid, 1)} disabled={index === count - 1} onClick={() => onMove(1)}>
          Move down{name}
        </button>
        <button type="button" onClick={onRemove}>
          Remove{name}
        </button>
      </div>
    </fieldset>
  );
}

// The plan's interventions (what is done, how often, for how long): rows added and removed
// here, each with the server's messages for it ("interventions[1].name").
import type { ChangeEvent } from "react";
import { Field } from "../../components/Field";

export interface InterventionDraft {
  key: number;
  name: string;
  frequency: string;
  minutes: string;
}

interface Props {
  items: InterventionDraft[];
  onChange(items: InterventionDraft[]): void;
  fields: Record<string, string>;
}

export function InterventionFields({ items, onChange, fields }: Props) {
  const update =
    (index: number, name: keyof Omit<InterventionDraft, "key">) => (event: ChangeEvent<HTMLInputElement>) =>
      onChange(items.map((item, i) => (i === index ? { ...item, [name]: event.target.value } : item)));
  const add = () => onChange([...items, { key: Date.now(), name: "", frequency: "", minutes: "" }]);
  const remove = (index: number) => onChange(items.filter((_, i) => i !== index));

  return (
    <fieldset className="field-group">
      <legend>Interventions</legend>
      {fields.interventions && <p className="field-error">{fields.interventions}</p>}
      {items.length === 0 && <p className="hint">None yet. Add what will be done for the student.</p>}
      {items.map((item, index) => {
        const prefix = `interventions[${index}].`;
        return (
          <div className="intervention-row" key={item.key}>
            <Field label={`Intervention ${index + 1}`} error={fields[prefix + "name"]}>
              <input type="text" maxLength={200} value={item.name} onChange={update(index, "name")} />
            </Field>
            <Field label="Frequency" hint="e.g. 3 times a week" error={fields[prefix + "frequency"]}>
              <input type="text" maxLength={100} value={item.frequency} onChange={update(index, "frequency")} />
            </Field>
            <Field label="Minutes" error={fields[prefix + "minutes"]}>
              <input type="number" min={0} max={1440} value={item.minutes} onChange={update(index, "minutes")} />
            </Field>
            <button type="button" onClick={() => remove(index)}>
              Remove<span className="visually-hidden"> intervention {index + 1}</span>
            </button>
          </div>
        );
      })}
      <button type="button" onClick={add} disabled={items.length >= 20}>
        Add an intervention
      </button>
    </fieldset>
  );
}

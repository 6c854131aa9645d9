// Adds a value to one dictionary list; statuses also say whether they close the case.
import { useId, useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, invalidField, unwrap } from "../../api/client";
import { CheckField } from "../../components/CheckField";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useSubmit } from "../../components/useSubmit";
import type { DictionaryKind } from "./DictionaryValues";

interface Props {
  kind: DictionaryKind;
  isStatus: boolean;
  onAdded(sentence: string): void;
}

export function AddValueForm({ kind, isStatus, onAdded }: Props) {
  const [name, setName] = useState("");
  const [closed, setClosed] = useState(false);
  const headingId = useId();
  const { run, busy, error, setError } = useSubmit(async () => {
    const body = isStatus ? { name: name.trim(), closed } : { name: name.trim() };
    const added = unwrap(await api.POST("/api/v1/admin/dictionaries/{kind}", { params: { path: { kind } }, body }));
    setName("");
    setClosed(false);
    onAdded(`Added “${added.name}”.`);
  });
  const fields = fieldErrors(error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError(invalidField("name", "Enter a name."));
      return;
    }
    void run();
  };

  return (
    <form className="add-value" onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
      <h3 id={headingId}>Add a value</h3>
      <ErrorMessage error={error} />
      <div className="inline-form">
        <Field label="Name" error={fields.name}>
          <input type="text" maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
        </Field>
        {isStatus && <CheckField label="Closes the case" checked={closed} onChange={setClosed} error={fields.closed} />}
        <button type="submit" disabled={busy}>
          {busy ? "Adding…" : "Add"}
        </button>
      </div>
    </form>
  );
}

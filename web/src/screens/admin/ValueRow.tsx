// One dictionary value in its table: rename it in place, retire it or put it back in use,
// and (statuses) make it the default for new cases. The API's message shows in the row.
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, unwrap, type DictionaryValue, type Schemas } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useSubmit } from "../../components/useSubmit";
import type { DictionaryKind } from "./DictionaryValues";

type ValueChange = Schemas["DictionaryValueInput"];

interface Props {
  kind: DictionaryKind;
  value: DictionaryValue;
  isStatus: boolean;
  canChange: boolean;
  onChanged(sentence: string): void;
}

export function ValueRow({ kind, value, isStatus, canChange, onChanged }: Props) {
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  // When the rename form goes (saved or cancelled), focus goes back to the Rename button
  // rather than being lost to the top of the page.
  const wasRenaming = useRef(false);
  useEffect(() => {
    if (wasRenaming.current && !renaming) renameButton.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);
  const { run, busy, error } = useSubmit(async (change: ValueChange, sentence: string) => {
    unwrap(
      await api.PATCH("/api/v1/admin/dictionaries/{kind}/{id}", {
        params: { path: { kind, id: value.id ?? 0 } },
        body: change,
      }),
    );
    setRenaming(false);
    onChanged(sentence);
  });
  const fields = fieldErrors(error);
  // Messages about a flag (retired, is_default, closed) belong to this row's buttons.
  const flagError = fields.retired ?? fields.is_default ?? fields.closed;
  const errorId = `value-${value.id}-error`;

  return (
    <tr className={value.retired ? "retired" : undefined}>
      <th scope="row">
        {renaming ? (
          <RenameForm value={value} busy={busy} error={fields.name} onCancel={() => setRenaming(false)}
            onRename={(name) => run({ name }, `Renamed “${value.name}” to “${name}”.`)} />
        ) : (
          value.name
        )}
        {value.built_in && <span className="badge">Built in</span>}
      </th>
      {isStatus && <td>{value.closed ? "Closed" : "Open"}</td>}
      {isStatus && <td>{value.is_default ? "Default" : ""}</td>}
      <td>{value.retired ? "Retired" : "In use"}</td>
      {canChange && (
      <td>
        <div className="row-actions">
          {!renaming && (
            <button type="button" ref={renameButton} onClick={() => setRenaming(true)}>
              Rename<span className="visually-hidden"> {value.name}</span>
            </button>
          )}
          {mayRetire(value) && (
            <button
              type="button"
              disabled={busy}
              aria-describedby={flagError ? errorId : undefined}
              onClick={() =>
                run({ retired: !value.retired }, value.retired ? `“${value.name}” is in use again.` : `Retired “${value.name}”.`)
              }
            >
              {value.retired ? "Put back in use" : "Retire"}
              <span className="visually-hidden"> {value.name}</span>
            </button>
          )}
          {isStatus && !value.built_in && !value.is_default && !value.retired && (
            <button
              type="button"
              disabled={busy}
              aria-describedby={flagError ? errorId : undefined}
              onClick={() =>
                run({ closed: !value.closed }, `“${value.name}” now ${value.closed ? "keeps the case open" : "closes the case"}.`)
              }
            >
              {value.closed ? "Make it an open status" : "Make it a closed status"}
              <span className="visually-hidden"> ({value.name})</span>
            </button>
          )}
          {isStatus && !value.is_default && !value.closed && !value.retired && (
            <button
              type="button"
              disabled={busy}
              aria-describedby={flagError ? errorId : undefined}
              onClick={() => run({ is_default: true }, `“${value.name}” is now the default for new cases.`)}
            >
              Make default<span className="visually-hidden"> {value.name}</span>
            </button>
          )}
        </div>
        {flagError && (
          <span className="field-error" id={errorId}>
            {flagError}
          </span>
        )}
        {!flagError && !fields.name && <ErrorMessage error={error} />}
      </td>
      )}
    </tr>
  );
}

// The built-in Open status and the default status stay in use (the API refuses otherwise),
// so they offer no Retire button; a retired value can always come back.
function mayRetire(value: DictionaryValue): boolean {
  return Boolean(value.retired) || (!value.built_in && !value.is_default);
}

interface RenameProps {
  value: DictionaryValue;
  busy: boolean;
  error?: string;
  onRename(name: string): void;
  onCancel(): void;
}

function RenameForm({ value, busy, error, onRename, onCancel }: RenameProps) {
  const [name, setName] = useState(value.name ?? "");
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onRename(name.trim());
  };
  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate>
      <Field label={`New name for ${value.name}`} error={error}>
        <input type="text" maxLength={100} value={name} autoFocus onChange={(event) => setName(event.target.value)} />
      </Field>
      <button type="submit" disabled={busy}>
        Save name
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

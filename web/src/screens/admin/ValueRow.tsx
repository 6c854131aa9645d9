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
          <RenameForm
            value={value}
            busy={busy}
            error={fields.name}
            onCancel={() => setRenaming(false)}
            onRename={(name) => run({ name }, `Renamed “${value.name}” to “${name}”.`)}
          />
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
                Rename<span className="visually-hidden"> ({value.name})</span>
              </button>
            )}
            {flagActions(value, isStatus).map((action) => (
              <button
                key={action.label}
                type="button"
                disabled={busy}
                aria-describedby={flagError ? errorId : undefined}
                onClick={() => run(action.change, action.sentence)}
              >
                {action.label}
                <span className="visually-hidden"> ({value.name})</span>
              </button>
            ))}
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

interface FlagAction {
  label: string;
  change: ValueChange;
  sentence: string;
}

// What a row offers besides renaming, where the API allows it: the built-in Open status and
// the default status stay open and in use; a retired value can always come back; an open
// status in use may become the default.
function flagActions(value: DictionaryValue, isStatus: boolean): FlagAction[] {
  const name = value.name ?? "";
  if (value.retired)
    return [{ label: "Put back in use", change: { retired: false }, sentence: `“${name}” is in use again.` }];
  const fixed = Boolean(value.built_in || value.is_default);
  const actions: FlagAction[] = [];
  if (!fixed) actions.push({ label: "Retire", change: { retired: true }, sentence: `Retired “${name}”.` });
  if (isStatus && !fixed) {
    actions.push(
      value.closed
        ? { label: "Make it an open status", change: { closed: false }, sentence: `“${name}” now keeps the case open.` }
        : { label: "Make it a closed status", change: { closed: true }, sentence: `“${name}” now closes the case.` },
    );
  }
  if (isStatus && !value.is_default && !value.closed) {
    actions.push({
      label: "Make default",
      change: { is_default: true },
      sentence: `“${name}” is now the default for new cases.`,
    });
  }
  return actions;
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

// Asks before closing one case or many: a closed status (the dictionary may have several), a
// reason for close and an optional note, with the API's messages next to their fields. The
// caller's close() does the closing; while it fails the dialog stays open and says why.
import { useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { fieldErrors, invalidField, type Closing } from "../api/client";
import { Dialog } from "./Dialog";
import { ErrorMessage } from "./ErrorMessage";
import { Field } from "./Field";
import { FormActions } from "./FormActions";
import { useDictionary } from "./useDictionary";
import { useSubmit } from "./useSubmit";

interface Props {
  title: string;
  confirmLabel: string;
  close(closing: Closing): Promise<void>;
  onCancel(): void;
  children?: ReactNode;
}

export function CloseCasesDialog({ title, confirmLabel, close, onCancel, children }: Props) {
  const closedStatuses = useDictionary("case-statuses").filter((status) => status.closed);
  const reasons = useDictionary("close-reasons");
  const [statusId, setStatusId] = useState("");
  const [reasonId, setReasonId] = useState("");
  const [note, setNote] = useState("");
  const chosenStatusId = statusId || String(closedStatuses[0]?.id ?? "");
  const { run, busy, error, setError } = useSubmit(close);
  const fields = fieldErrors(error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!reasonId) {
      setError(invalidField("reason_id", "Choose a reason for close."));
      return;
    }
    void run({ status_id: Number(chosenStatusId), reason_id: Number(reasonId), note: note.trim() || undefined });
  };

  return (
    <Dialog title={title} onCancel={onCancel}>
      <form onSubmit={onSubmit} noValidate>
        {children}
        <ErrorMessage error={error} />
        <Field label="Closed status" error={fields.status_id}>
          <select value={chosenStatusId} onChange={(event) => setStatusId(event.target.value)}>
            {closedStatuses.map((status) => (
              <option key={status.id} value={String(status.id)}>
                {status.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Reason for close" error={fields.reason_id}>
          <select value={reasonId} onChange={(event) => setReasonId(event.target.value)}>
            <option value="">Choose a reason</option>
            {reasons.map((reason) => (
              <option key={reason.id} value={String(reason.id)}>
                {reason.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Note" hint="Optional" error={fields.note}>
          <textarea rows={3} maxLength={5000} value={note} onChange={(event) => setNote(event.target.value)} />
        </Field>
        <FormActions label={confirmLabel} busyLabel="Closing…" busy={busy} onCancel={onCancel} />
      </form>
    </Dialog>
  );
}

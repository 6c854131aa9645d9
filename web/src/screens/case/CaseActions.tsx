// Working a case from its page: change its status among the dictionary's open statuses, close
// it with a reason (after asking), or reopen it once closed. Every answer is the changed case,
// which the page then shows in place of the one it had.
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, unwrap, type CasePage, type Closing } from "../../api/client";
import { CloseCasesDialog } from "../../components/CloseCasesDialog";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useDictionary } from "../../components/useDictionary";
import { useSubmit } from "../../components/useSubmit";

export type OnCaseChanged = (changed: CasePage, notice: string) => void;

interface Props {
  caseId: number;
  found: CasePage;
  onChanged: OnCaseChanged;
}

export function CaseActions({ caseId, found, onChanged }: Props) {
  // Closing or reopening swaps the buttons (and the dialog goes): focus moves to the heading
  // rather than being lost to the top of the page.
  const heading = useRef<HTMLHeadingElement>(null);
  const wasOpen = useRef(found.is_open);
  useEffect(() => {
    if (wasOpen.current !== found.is_open) heading.current?.focus();
    wasOpen.current = found.is_open;
  }, [found.is_open]);
  return (
    <section className="panel case-actions" aria-labelledby="case-actions-heading">
      <h2 id="case-actions-heading" ref={heading} tabIndex={-1}>
        Work this case
      </h2>
      {found.is_open ? (
        <div className="case-actions-row">
          <ChangeStatus caseId={caseId} found={found} onChanged={onChanged} />
          <CloseCase caseId={caseId} found={found} onChanged={onChanged} />
        </div>
      ) : (
        <ReopenCase caseId={caseId} found={found} onChanged={onChanged} />
      )}
    </section>
  );
}

function ChangeStatus({ caseId, found, onChanged }: Props) {
  const openStatuses = useDictionary("case-statuses").filter((status) => !status.closed);
  const [statusId, setStatusId] = useState(String(found.status?.id ?? ""));
  const { run, busy, error } = useSubmit(async () => {
    const changed = unwrap(
      await api.PATCH("/api/v1/cases/{id}", {
        params: { path: { id: caseId } },
        body: { status_id: Number(statusId) },
      }),
    );
    onChanged(changed, `Status changed to ${changed.status?.name ?? "the new status"}.`);
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  return (
    <form className="inline-form" aria-label="Change status" onSubmit={onSubmit} noValidate>
      <ErrorMessage error={error} />
      <Field label="Case status" error={fieldErrors(error).status_id}>
        <select value={statusId} onChange={(event) => setStatusId(event.target.value)}>
          {openStatuses.map((status) => (
            <option key={status.id} value={String(status.id)}>
              {status.name}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={busy || statusId === String(found.status?.id)}>
        {busy ? "Saving…" : "Change status"}
      </button>
    </form>
  );
}

function CloseCase({ caseId, found, onChanged }: Props) {
  const [asking, setAsking] = useState(false);
  const close = async (closing: Closing) => {
    const closed = unwrap(
      await api.POST("/api/v1/cases/{id}/close", { params: { path: { id: caseId } }, body: closing }),
    );
    setAsking(false);
    onChanged(closed, `Case closed: ${closed.close_reason?.name ?? "closed"}.`);
  };
  return (
    <>
      <button type="button" onClick={() => setAsking(true)}>
        Close case…
      </button>
      {asking && (
        <CloseCasesDialog
          title={`Close the case of ${found.student?.name ?? "this student"}?`}
          confirmLabel="Close case"
          close={close}
          onCancel={() => setAsking(false)}
        >
          <p>It leaves the open cases; the next event that counts opens a new one. You can reopen it.</p>
        </CloseCasesDialog>
      )}
    </>
  );
}

function ReopenCase({ caseId, found, onChanged }: Props) {
  const { run, busy, error } = useSubmit(async () => {
    const reopened = unwrap(
      await api.POST("/api/v1/cases/{id}/reopen", { params: { path: { id: caseId } } }),
    );
    onChanged(reopened, `Case reopened: ${reopened.status?.name ?? "open"}.`);
  });
  return (
    <div>
      <p>
        This case is closed{found.close_reason?.name ? ` (${found.close_reason.name})` : ""}.
        {found.close_note ? ` Note: ${found.close_note}` : ""}
      </p>
      <ErrorMessage error={error} />
      <button type="button" onClick={() => void run()} disabled={busy}>
        {busy ? "Reopening…" : "Reopen case"}
      </button>
    </div>
  );
}

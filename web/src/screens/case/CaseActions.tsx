// Working a case from its page: change its status among the dictionary's open statuses, its
// case manager and focus area, close it with a reason (after asking), or reopen it once closed,
// each as the case's allowed_actions say (case.work, case.close). Every answer is the changed
// case, which the page then shows in place of the one it had.
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, unwrap, type CasePage, type Closing } from "../../api/client";
import { CloseCasesDialog } from "../../components/CloseCasesDialog";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useDictionary } from "../../components/useDictionary";
import { useActiveStaff } from "../../components/useStaff";
import { useSubmit } from "../../components/useSubmit";
import { can } from "../../access";
import { useSession } from "../../session";

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
  const works = can(found, "case.work");
  const closes = found.is_open && can(found, "case.close");
  if (!works && !closes) return null;
  return (
    <section className="panel case-actions" aria-labelledby="case-actions-heading">
      <h2 id="case-actions-heading" ref={heading} tabIndex={-1}>
        Work this case
      </h2>
      {found.is_open ? (
        <div className="case-actions-row">
          {works && <ChangeStatus caseId={caseId} found={found} onChanged={onChanged} />}
          {closes && <CloseCase caseId={caseId} found={found} onChanged={onChanged} />}
          {works && <ManagerAndFocus caseId={caseId} found={found} onChanged={onChanged} />}
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

const noOne = "";

// Who manages the case and what it is about: the manager is chosen from the staff directory.
function ManagerAndFocus({ caseId, found, onChanged }: Props) {
  const { user } = useSession();
  const staff = useActiveStaff();
  const focusAreas = useDictionary("focus-areas");
  const initialManager = String(found.manager?.id ?? noOne);
  const initialFocus = String(found.focus_area?.id ?? noOne);
  const [managerId, setManagerId] = useState(initialManager);
  const [focusId, setFocusId] = useState(initialFocus);
  const { run, busy, error } = useSubmit(async () => {
    const changed = unwrap(
      await api.PATCH("/api/v1/cases/{id}", {
        params: { path: { id: caseId } },
        body: {
          manager_id: managerId === noOne ? null : Number(managerId),
          focus_area_id: focusId === noOne ? null : Number(focusId),
        },
      }),
    );
    onChanged(changed, "Case manager and focus area saved.");
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  // The current manager stays a choice even when the list of staff cannot be read.
  const managers = new Map<number, string>();
  if (found.manager?.id) managers.set(found.manager.id, found.manager.name ?? "");
  if (user?.id) managers.set(user.id, `Me (${user.name})`);
  for (const member of staff) if (member.id && !managers.has(member.id)) managers.set(member.id, member.name ?? "");
  const fields = fieldErrors(error);
  const unchanged = managerId === initialManager && focusId === initialFocus;
  return (
    <form className="inline-form" aria-label="Case manager and focus area" onSubmit={onSubmit} noValidate>
      <ErrorMessage error={error} />
      <Field label="Case manager" error={fields.manager_id}>
        <select value={managerId} onChange={(event) => setManagerId(event.target.value)}>
          <option value={noOne}>No case manager</option>
          {[...managers].map(([id, name]) => (
            <option key={id} value={String(id)}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Focus area" error={fields.focus_area_id}>
        <select value={focusId} onChange={(event) => setFocusId(event.target.value)}>
          <option value={noOne}>None</option>
          {focusAreas.map((area) => (
            <option key={area.id} value={String(area.id)}>
              {area.name}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={busy || unchanged}>
        {busy ? "Saving…" : "Save manager and focus"}
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
    const reopened = unwrap(await api.POST("/api/v1/cases/{id}/reopen", { params: { path: { id: caseId } } }));
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

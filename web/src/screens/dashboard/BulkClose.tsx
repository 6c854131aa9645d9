// "Close selected": closes the ticked cases with one reason and note, after asking, and says
// how many closed. One request names them all (/cases/bulk-close with case_ids): they close in
// one transaction, or none do and the dialog says why. "Close all matching" sends the
// dashboard's filters instead, so the cases on later pages close too (the end of a school
// year: every open case of one school).
import { useState } from "react";
import { api, fieldErrors, unwrap, type Case, type Closing, type School } from "../../api/client";
import { CloseCasesDialog } from "../../components/CloseCasesDialog";
import { caseId } from "./CaseTable";
import { gradeLabel, triggerLabel } from "./labels";
import type { DashboardFilters } from "./useDashboardFilters";

function casesWord(count: number): string {
  return count === 1 ? "1 case" : `${count} cases`;
}

async function closeAll(cases: Case[], closing: Closing): Promise<number> {
  try {
    const { closed } = unwrap(
      await api.POST("/api/v1/cases/bulk-close", { body: { ...closing, case_ids: cases.map(caseId) } }),
    );
    return closed ?? 0;
  } catch (failure) {
    // A ticked case closed meanwhile (or by someone else) is not a field of the dialog: say so
    // above the fields.
    const listProblem = fieldErrors(failure).case_ids;
    throw listProblem ? new Error(`Nothing was closed: ${listProblem} Reload the list and try again.`) : failure;
  }
}

// The dashboard's filters as bulk-close's "filter" object: only open cases are closed.
function matchingFilter(filters: DashboardFilters) {
  return {
    status: "open" as const,
    school_id: filters.school_id ? Number(filters.school_id) : undefined,
    grade: filters.grade || undefined,
    trigger: filters.trigger || undefined,
    manager_id: filters.manager_id === "me" ? ("me" as const) : undefined,
    q: filters.q || undefined,
  };
}

async function closeMatching(filters: DashboardFilters, closing: Closing): Promise<number> {
  const body = { ...closing, filter: matchingFilter(filters) };
  return unwrap(await api.POST("/api/v1/cases/bulk-close", { body })).closed ?? 0;
}

// The filters in words, so that the person confirming knows what "all matching" covers.
function filtersInWords(filters: DashboardFilters, schools: School[]): string[] {
  const school = schools.find((item) => String(item.id) === filters.school_id);
  return [
    school ? `School: ${school.name}` : "All the schools you administer",
    filters.grade ? `Grade ${gradeLabel(filters.grade)}` : "",
    filters.trigger ? `Opened by: ${triggerLabel(filters.trigger)}` : "",
    filters.manager_id === "me" ? "Managed by you" : "",
    filters.q ? `Student name or id starting with “${filters.q}”` : "",
  ].filter(Boolean);
}

interface Props {
  cases: Case[];
  filters: DashboardFilters;
  schools: School[];
  onClosed(notice: string): void;
}

export function BulkClose({ cases, filters, schools, onClosed }: Props) {
  const [asking, setAsking] = useState<"selected" | "matching" | null>(null);
  const count = cases.length;
  const finish = (closed: number) => {
    setAsking(null);
    onClosed(`Closed ${casesWord(closed)}.`);
  };
  return (
    <div className="bulk-actions">
      <span>{count === 0 ? "Tick cases to act on several at once." : `${casesWord(count)} selected.`}</span>
      <button type="button" disabled={count === 0} onClick={() => setAsking("selected")}>
        Close selected…
      </button>
      {filters.status === "open" && (
        <button type="button" onClick={() => setAsking("matching")}>
          Close all matching…
        </button>
      )}
      {asking === "selected" && (
        <CloseCasesDialog
          title={`Close ${casesWord(count)}?`}
          confirmLabel={`Close ${casesWord(count)}`}
          close={async (closing) => finish(await closeAll(cases, closing))}
          onCancel={() => setAsking(null)}
        >
          <p>These cases leave the open cases; each can be reopened from its page.</p>
          <ul className="plain-list bulk-students">
            {cases.map((item) => (
              <li key={item.id}>{item.student?.name}</li>
            ))}
          </ul>
        </CloseCasesDialog>
      )}
      {asking === "matching" && (
        <CloseCasesDialog
          title="Close every open case matching the filters?"
          confirmLabel="Close all matching cases"
          close={async (closing) => finish(await closeMatching(filters, closing))}
          onCancel={() => setAsking(null)}
        >
          <p>
            Every open case these filters find closes, on this page and the pages after it, in one step. Each can be
            reopened from its page.
          </p>
          <ul className="plain-list">
            {filtersInWords(filters, schools).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </CloseCasesDialog>
      )}
    </div>
  );
}

// "Close selected": closes the ticked cases with one reason and note, after asking, and says
// how many closed. One request names them all (/cases/bulk-close with case_ids): they close in
// one transaction, or none do and the dialog says why.
import { useState } from "react";
import { api, fieldErrors, unwrap, type Case, type Closing } from "../../api/client";
import { CloseCasesDialog } from "../../components/CloseCasesDialog";
import { caseId } from "./CaseTable";

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

interface Props {
  cases: Case[];
  onClosed(notice: string): void;
}

export function BulkClose({ cases, onClosed }: Props) {
  const [asking, setAsking] = useState(false);
  const count = cases.length;
  const close = async (closing: Closing) => {
    const closed = await closeAll(cases, closing);
    setAsking(false);
    onClosed(`Closed ${casesWord(closed)}.`);
  };
  return (
    <div className="bulk-actions">
      <span>{count === 0 ? "Tick cases to act on several at once." : `${casesWord(count)} selected.`}</span>
      <button type="button" disabled={count === 0} onClick={() => setAsking(true)}>
        Close selected…
      </button>
      {asking && (
        <CloseCasesDialog
          title={`Close ${casesWord(count)}?`}
          confirmLabel={`Close ${casesWord(count)}`}
          close={close}
          onCancel={() => setAsking(false)}
        >
          <p>These cases leave the open cases; each can be reopened from its page.</p>
          <ul className="plain-list bulk-students">
            {cases.map((item) => (
              <li key={item.id}>{item.student?.name}</li>
            ))}
          </ul>
        </CloseCasesDialog>
      )}
    </div>
  );
}

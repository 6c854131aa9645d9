// "Close selected": closes the ticked cases with one reason and note, after asking, and says
// how many closed. /cases/bulk-close closes every open case matching a filter, which cannot
// name just the ticked rows, so each ticked case is closed by /cases/{id}/close in turn.
import { useState } from "react";
import { api, fieldErrors, unwrap, type Case, type Closing } from "../../api/client";
import { CloseCasesDialog } from "../../components/CloseCasesDialog";
import { caseId } from "./CaseTable";

interface Outcome {
  closed: number;
  failures: string[];
}

function casesWord(count: number): string {
  return count === 1 ? "1 case" : `${count} cases`;
}

async function closeEach(cases: Case[], closing: Closing): Promise<Outcome> {
  const outcome: Outcome = { closed: 0, failures: [] };
  for (const item of cases) {
    try {
      unwrap(
        await api.POST("/api/v1/cases/{id}/close", { params: { path: { id: caseId(item) } }, body: closing }),
      );
      outcome.closed += 1;
    } catch (failure) {
      // A problem with the closing itself (a retired reason) is the same for every case: stop
      // and show it next to its field.
      if (outcome.closed === 0 && Object.keys(fieldErrors(failure)).length > 0) throw failure;
      const message = failure instanceof Error ? failure.message : "Something went wrong.";
      outcome.failures.push(`${item.student?.name ?? "A student"}: ${message}`);
    }
  }
  return outcome;
}

function outcomeSentence({ closed, failures }: Outcome): string {
  const sentence = `Closed ${casesWord(closed)}.`;
  return failures.length ? `${sentence} Not closed: ${failures.join(" ")}` : sentence;
}

interface Props {
  cases: Case[];
  onClosed(notice: string): void;
}

export function BulkClose({ cases, onClosed }: Props) {
  const [asking, setAsking] = useState(false);
  const count = cases.length;
  const close = async (closing: Closing) => {
    const outcome = await closeEach(cases, closing);
    setAsking(false);
    onClosed(outcomeSentence(outcome));
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

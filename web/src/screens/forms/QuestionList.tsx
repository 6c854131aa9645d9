// The builder's list of questions: a heading, what happened last (moved, added, removed), the
// API's message about the list as a whole, an empty state, and the button that adds one.
import type { ReactNode } from "react";
import { StatusNotice } from "../../components/StatusNotice";

interface Props {
  count: number;
  error?: string;
  notice: string | null;
  onAdd(): void;
  children: ReactNode;
}

export function QuestionList({ count, error, notice, onAdd, children }: Props) {
  return (
    <section className="panel questions" aria-labelledby="questions-heading">
      <h2 id="questions-heading">Questions ({count})</h2>
      <StatusNotice notice={notice} />
      {error && (
        <p className="field-error" id="questions-error">
          {error}
        </p>
      )}
      {count === 0 && (
        <p className="empty">
          No questions yet. Add the first one: each has a label, an answer type and, for choices, the options.
        </p>
      )}
      {children}
      <button type="button" id="add-question" onClick={onAdd} aria-describedby={error ? "questions-error" : undefined}>
        Add a question
      </button>
    </section>
  );
}

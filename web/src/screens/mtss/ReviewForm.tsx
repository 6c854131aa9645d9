// Record a review: the day, the decision (with the API's decision hint from the data points,
// shown before the reviewer chooses), optionally the tier after it, and notes. Intensify and
// fade move the tier by one unless a tier is chosen; exit archives the plan (the server does
// both; this form only says so).
import { useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, invalidField, unwrap, type PlanProgress } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useSubmit } from "../../components/useSubmit";
import { formatCalendarDate } from "../../time";
import { today } from "../../zonedTime";
import { TierOptions } from "./PlanOptions";
import { decisionLabel, decisionLabels, decisions, type ReviewDecision } from "./labels";

interface Props {
  planId: number;
  tier: number;
  analysis: PlanProgress["analysis"];
  onReviewed(sentence: string): void;
}

export function ReviewForm({ planId, tier, analysis, onReviewed }: Props) {
  const [date, setDate] = useState(today());
  const [decision, setDecision] = useState<ReviewDecision | "">("");
  const [tierAfter, setTierAfter] = useState("");
  const [notes, setNotes] = useState("");
  const review = async (chosen: ReviewDecision) => {
    const body = {
      date,
      decision: chosen,
      tier: tierAfter ? Number(tierAfter) : undefined,
      notes: notes.trim() || undefined,
    };
    const saved = unwrap(await api.POST("/api/v1/plans/{id}/reviews", { params: { path: { id: planId } }, body }));
    setDecision("");
    setTierAfter("");
    setNotes("");
    onReviewed(`Review of ${formatCalendarDate(saved.date)} recorded: ${decisionLabel(saved.decision)}.`);
  };
  const { run, busy, error, setError } = useSubmit(review);
  const fields = fieldErrors(error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!decision) {
      setError(invalidField("decision", "Choose a decision."));
      return;
    }
    void run(decision);
  };

  return (
    <form className="review-form" onSubmit={onSubmit} noValidate aria-labelledby="new-review-heading">
      <h3 id="new-review-heading">New review</h3>
      {analysis?.decision_hint_text && (
        <p className="decision-hint">
          <strong>What the data suggest:</strong> {analysis.decision_hint_text}
        </p>
      )}
      <ErrorMessage error={error} />
      <div className="field-row">
        <Field label="Review date" error={fields.date}>
          <input type="date" value={date} onChange={(event) => setDate(event.target.value)} />
        </Field>
        <Field label="Decision" error={fields.decision}>
          <select value={decision} onChange={(event) => setDecision(event.target.value as ReviewDecision | "")}>
            <option value="">Choose a decision</option>
            {decisions.map((value) => (
              <option key={value} value={value}>
                {decisionLabels[value]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tier after the review" hint={`Now tier ${tier}`} error={fields.tier}>
          <select value={tierAfter} onChange={(event) => setTierAfter(event.target.value)}>
            <option value="">As the decision says</option>
            <TierOptions />
          </select>
        </Field>
      </div>
      <Field label="Notes" hint="Optional" error={fields.notes}>
        <textarea rows={3} maxLength={10000} value={notes} onChange={(event) => setNotes(event.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? "Recording…" : "Record review"}
      </button>
    </form>
  );
}

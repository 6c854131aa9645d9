// Enter a data point: the day (today by default) and the score, with an optional note; the
// server's messages appear next to their fields.
import { useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, invalidField, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useSubmit } from "../../components/useSubmit";
import { formatCalendarDate } from "../../time";
import { today } from "../../zonedTime";

interface Props {
  planId: number;
  onRecorded(sentence: string): void;
}

export function ProgressEntry({ planId, onRecorded }: Props) {
  const [date, setDate] = useState(today());
  const [score, setScore] = useState("");
  const [note, setNote] = useState("");
  const record = async () => {
    const body = { date, score: Number(score), note: note.trim() || undefined };
    const point = unwrap(await api.POST("/api/v1/plans/{id}/progress", { params: { path: { id: planId } }, body }));
    setScore("");
    setNote("");
    onRecorded(`Recorded ${point.score} on ${formatCalendarDate(point.date)}.`);
  };
  const { run, busy, error, setError } = useSubmit(record);
  const fields = fieldErrors(error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // An empty box would reach the server as 0: say so here, next to the box.
    if (score.trim() === "" || Number.isNaN(Number(score))) {
      setError(invalidField("score", "Enter the score as a number."));
      return;
    }
    void run();
  };

  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate aria-label="Enter a data point">
      <ErrorMessage error={error} />
      <Field label="Date" error={fields.date}>
        <input type="date" value={date} onChange={(event) => setDate(event.target.value)} />
      </Field>
      <Field label="Score" error={fields.score}>
        <input type="number" step="any" value={score} onChange={(event) => setScore(event.target.value)} />
      </Field>
      <Field label="Note" hint="Optional" error={fields.note}>
        <input type="text" maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? "Recording…" : "Record data point"}
      </button>
    </form>
  );
}

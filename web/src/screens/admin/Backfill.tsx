// The explicit backfill of DESIGN.md rule 6: open cases for past events of one trigger in a
// date range. The preview (apply: false) changes nothing and lists the students and events;
// only after the administrator confirms that same request does it apply. The API answers in
// one go (no progress to poll), so the screen shows that it is working until the answer.
import { useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, invalidField, unwrap, type BackfillAnswer, type BackfillRequest } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { StatusNotice } from "../../components/StatusNotice";
import { useSubmit } from "../../components/useSubmit";
import { addDays, instantOf } from "../../zonedTime";
import { triggerLabel } from "../dashboard/labels";
import { BackfillStudents } from "./BackfillStudents";
import type { Trigger } from "./TriggerSettings";

interface Props {
  triggers: Trigger[];
  enabled: boolean;
}

export function Backfill({ triggers, enabled }: Props) {
  const [trigger, setTrigger] = useState("");
  const [firstDay, setFirstDay] = useState("");
  const [lastDay, setLastDay] = useState("");
  const [preview, setPreview] = useState<{ request: BackfillRequest; answer: BackfillAnswer } | null>(null);
  const [applied, setApplied] = useState<BackfillAnswer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const ask = async (request: BackfillRequest) =>
    unwrap(await api.POST("/api/v1/admin/case-management/backfill", { body: request }));
  const previewing = useSubmit(async (request: BackfillRequest) => {
    const answer = await ask(request);
    setPreview({ request, answer });
    setNotice(`Preview: ${answer.student_count} students, ${answer.event_count} events. Nothing has changed yet.`);
  });
  const applying = useSubmit(async (request: BackfillRequest) => {
    const answer = await ask({ ...request, apply: true });
    setPreview(null);
    setApplied(answer);
    setNotice(`Backfill done: opened ${answer.student_count} cases for ${answer.event_count} events.`);
  });
  const fields = fieldErrors(previewing.error);

  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    setApplied(null);
    setPreview(null);
    setNotice(null);
    const missing = !trigger ? "trigger" : !firstDay ? "from" : !lastDay ? "to" : null;
    if (missing) {
      previewing.setError(invalidField(missing, missing === "trigger" ? "Choose a trigger." : "Choose a day."));
      return;
    }
    void previewing.run({
      trigger: trigger as Trigger,
      // Days are the district's days; the last one is included (the API's end is exclusive).
      from: instantOf({ day: firstDay, time: "00:00" }),
      to: instantOf({ day: addDays(lastDay, 1), time: "00:00" }),
      apply: false,
    });
  };

  return (
    <section className="panel" aria-labelledby="backfill-heading">
      <h2 id="backfill-heading">Backfill: open cases for past events</h2>
      <p className="muted">
        Triggers never open cases for the past on their own. A backfill does, for one trigger and a range of days, for
        students with no open case; you see which students and events first.
        {enabled ? "" : " Case management is off: turn it on above before a backfill."}
      </p>
      <form onSubmit={onPreview} noValidate>
        <ErrorMessage error={previewing.error} />
        <div className="inline-form">
          <Field label="Trigger" error={fields.trigger}>
            <select value={trigger} onChange={(event) => setTrigger(event.target.value)}>
              <option value="">Choose a trigger</option>
              {triggers.map((name) => (
                <option key={name} value={name}>
                  {triggerLabel(name)}
                </option>
              ))}
            </select>
          </Field>
          <Field label="First day" error={fields.from}>
            <input type="date" value={firstDay} onChange={(event) => setFirstDay(event.target.value)} />
          </Field>
          <Field label="Last day" hint="Included" error={fields.to}>
            <input type="date" value={lastDay} onChange={(event) => setLastDay(event.target.value)} />
          </Field>
          <button type="submit" disabled={previewing.busy || applying.busy}>
            {previewing.busy ? "Finding events…" : "Preview"}
          </button>
        </div>
      </form>
      <StatusNotice notice={notice} />
      {applying.busy && (
        <p className="loading" aria-live="polite">
          <progress aria-label="Opening cases" /> Opening cases…
        </p>
      )}
      {preview && (
        <div aria-busy={applying.busy}>
          <BackfillStudents answer={preview.answer} />
          <ErrorMessage error={applying.error} />
          {preview.answer.student_count ? (
            <div className="form-actions">
              <button
                type="button"
                className="primary"
                disabled={applying.busy}
                onClick={() => applying.run(preview.request)}
              >
                Open {preview.answer.student_count} cases
              </button>
              <button type="button" disabled={applying.busy} onClick={() => setPreview(null)}>
                Cancel
              </button>
            </div>
          ) : null}
        </div>
      )}
      {applied && <BackfillStudents answer={applied} />}
    </section>
  );
}

// The switch and the six triggers of the Case Management Dictionary. Saving makes a new
// dictionary version; the sentence after saving says what changed. Turning a trigger on
// opens no case for events already recorded (DESIGN.md rule 6): each trigger says so, and the
// backfill below is the explicit way to open cases for the past.
import { useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, unwrap, type Schemas } from "../../api/client";
import { CheckField } from "../../components/CheckField";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StatusNotice } from "../../components/StatusNotice";
import { useSubmit } from "../../components/useSubmit";
import { formatDateTime } from "../../time";
import { triggerLabel } from "../dashboard/labels";

export type CaseSettings = Schemas["CaseSettings"];
export type Trigger = Schemas["Trigger"];

const notRetroactive =
  "Turning it on opens no case for events already recorded; a backfill (below) can, after a preview.";

// "Case management turned on. Triggers turned on: Plan created. Triggers turned off: ..."
export function describeChange(before: CaseSettings, after: CaseSettings): string {
  const was = new Set(before.open_case_on ?? []);
  const now = new Set(after.open_case_on ?? []);
  const on = [...now].filter((trigger) => !was.has(trigger)).map(triggerLabel);
  const off = [...was].filter((trigger) => !now.has(trigger)).map(triggerLabel);
  const parts: string[] = [];
  if (before.enabled !== after.enabled) {
    parts.push(`Case management turned ${after.enabled ? "on" : "off"}.`);
  }
  if (on.length) parts.push(`Triggers turned on: ${on.join(", ")}.`);
  if (off.length) parts.push(`Triggers turned off: ${off.join(", ")}.`);
  if (!parts.length) parts.push("Nothing changed.");
  parts.push(`Version ${after.version_id}, in force from ${formatDateTime(after.effective_at)}.`);
  return parts.join(" ");
}

interface Props {
  settings: CaseSettings;
  canChange: boolean;
  onSaved(settings: CaseSettings): void;
}

export function TriggerSettings({ settings, canChange, onSaved }: Props) {
  const [enabled, setEnabled] = useState(Boolean(settings.enabled));
  const [chosen, setChosen] = useState(new Set<Trigger>(settings.open_case_on ?? []));
  const [notice, setNotice] = useState<string | null>(null);
  const { run, busy, error } = useSubmit(async () => {
    const body = { enabled, open_case_on: [...chosen] };
    const saved = unwrap(await api.PUT("/api/v1/admin/case-management", { body }));
    setNotice("Saved. " + describeChange(settings, saved));
    onSaved(saved);
  });
  const fields = fieldErrors(error);

  const toggle = (trigger: Trigger, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(trigger);
    else next.delete(trigger);
    setChosen(next);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    void run();
  };

  return (
    <section className="panel" aria-labelledby="triggers-heading">
      <h2 id="triggers-heading">Switch and triggers</h2>
      <p className="muted">
        In force since {formatDateTime(settings.effective_at)} (version {settings.version_id}). {settings.note}
      </p>
      <form onSubmit={onSubmit} noValidate>
        <ErrorMessage error={error} />
        <CheckField
          label="Enable Case Management"
          checked={enabled}
          onChange={setEnabled}
          disabled={!canChange}
          hint="While it is off, no trigger opens a case."
          error={fields.enabled}
        />
        <fieldset className="triggers" aria-describedby={fields.open_case_on ? "triggers-error" : undefined}>
          <legend>Open Case On Event</legend>
          {fields.open_case_on && (
            <p className="field-error" id="triggers-error">
              {fields.open_case_on}
            </p>
          )}
          {(settings.triggers ?? []).map((trigger) =>
            trigger.name ? (
              <CheckField
                key={trigger.name}
                label={triggerLabel(trigger.name)}
                checked={chosen.has(trigger.name)}
                onChange={(on) => trigger.name && toggle(trigger.name, on)}
                disabled={!canChange}
                hint={`${trigger.description ?? ""} ${notRetroactive}`}
              />
            ) : null,
          )}
        </fieldset>
        {canChange && (
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? "Saving…" : "Save switch and triggers"}
            </button>
          </div>
        )}
      </form>
      <StatusNotice notice={notice} />
    </section>
  );
}

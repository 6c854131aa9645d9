// How you hear of things (linked from Notifications): per kind of notification, by e-mail and
// in the app, in the morning digest, in the app only, off, or the district's default (whatever the district
// administrators choose, now and later). Save sends every kind as shown; the API answers the
// preferences now, and its messages show next to the kind they name (preferences.<kind>).
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, fieldErrors, unwrap, type Delivery, type NotificationPreference } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ScreenHeading } from "../../components/ScreenHeading";
import { useLoaded } from "../../components/useLoaded";
import { usePageTitle } from "../../components/usePageTitle";
import { useSubmit } from "../../components/useSubmit";
import { DeliveryForm, DeliveryMeanings, StudentNamesNote, deliveries, deliveryLabels } from "./DeliveryChoice";

// A kind's choice on the form: a delivery of one's own, or the district's default (null).
type Choice = Delivery | "default";

function choiceOf(row: NotificationPreference): Choice {
  return row.chosen ? row.delivery : "default";
}

function defaultLabel(row: NotificationPreference): string {
  return `District default (${deliveryLabels[row.district_default]})`;
}

function choiceWords(row: NotificationPreference): string {
  return row.chosen ? deliveryLabels[row.delivery] : defaultLabel(row);
}

// "Saved. A task is assigned to you: Off." Only the kinds whose choice changed.
function describeSaved(before: NotificationPreference[], after: NotificationPreference[]): string {
  const changed = after.filter((row) => {
    const was = before.find((old) => old.kind === row.kind);
    return !was || choiceOf(was) !== choiceOf(row);
  });
  if (changed.length === 0) return "Saved. Nothing changed.";
  return `Saved. ${changed.map((row) => `${row.label}: ${choiceWords(row)}.`).join(" ")}`;
}

export function NotificationSettingsScreen() {
  usePageTitle("How you hear of things");
  const loaded = useLoaded(async () => unwrap(await api.GET("/api/v1/notifications/preferences")), []);
  const [saved, setSaved] = useState<NotificationPreference[] | null>(null);
  const rows = saved ?? loaded.data?.items ?? null;

  return (
    <div className="notification-settings">
      <ScreenHeading title="How you hear of things">
        <Link to="/notifications">Back to Notifications</Link>
      </ScreenHeading>
      <p>For each kind of notification, choose how you hear of it:</p>
      <DeliveryMeanings
        extra={
          <li>
            <strong>District default</strong>: what the district chooses for everyone (shown in brackets), also when it
            changes.
          </li>
        }
      />
      {loaded.data && <StudentNamesNote names={loaded.data.student_names_in_email} />}
      {loaded.data?.email === false && (
        <p className="privacy-note">
          This Trellis server sends no e-mail: whatever you choose, you hear of things in the app.
        </p>
      )}
      <ErrorMessage error={loaded.error} />
      {rows === null && !loaded.error && <p className="loading">Loading how you hear of things…</p>}
      {rows && <PreferencesForm rows={rows} onSaved={setSaved} />}
    </div>
  );
}

interface FormProps {
  rows: NotificationPreference[];
  onSaved(rows: NotificationPreference[]): void;
}

function PreferencesForm({ rows, onSaved }: FormProps) {
  const choicesOf = (of: NotificationPreference[]) => Object.fromEntries(of.map((row) => [row.kind, choiceOf(row)]));
  const [choices, setChoices] = useState<Record<string, Choice>>(() => choicesOf(rows));
  const [notice, setNotice] = useState<string | null>(null);
  const { run, busy, error } = useSubmit(async () => {
    const preferences = Object.fromEntries(
      Object.entries(choices).map(([kind, choice]) => [kind, choice === "default" ? null : choice]),
    );
    const now = unwrap(await api.PUT("/api/v1/notifications/preferences", { body: { preferences } })).items;
    setNotice(describeSaved(rows, now));
    setChoices(choicesOf(now));
    onSaved(now);
  });

  return (
    <DeliveryForm<Choice>
      label="How you hear of things"
      kinds={rows.map((row) => ({
        kind: row.kind,
        label: row.label,
        options: [
          { value: "default", label: defaultLabel(row) },
          ...deliveries.map((delivery) => ({ value: delivery, label: deliveryLabels[delivery] })),
        ],
      }))}
      choices={choices}
      fallback="default"
      onChange={setChoices}
      fieldErrors={fieldErrors(error)}
      errorPrefix="preferences"
      error={error}
      busy={busy}
      submitLabel="Save"
      notice={notice}
      onSubmit={() => {
        setNotice(null);
        void run();
      }}
    />
  );
}

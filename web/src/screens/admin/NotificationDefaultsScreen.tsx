// Notification defaults (district administrators, policy action notifications.defaults): how
// staff hear of each kind of notification unless they choose otherwise on How you hear of
// things. The kinds' names come from the administrator's own preferences (the defaults carry
// none). Saving is audited; the API's messages show next to the kind they name
// (defaults.<kind>).
import { useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, unwrap, type Delivery } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ScreenHeading } from "../../components/ScreenHeading";
import { StatusNotice } from "../../components/StatusNotice";
import { useLoaded } from "../../components/useLoaded";
import { usePageTitle } from "../../components/usePageTitle";
import { useSubmit } from "../../components/useSubmit";
import { DeliveryChoice, NoStudentNames, deliveries, deliveryLabels } from "../notifications/DeliveryChoice";

type Defaults = Record<string, Delivery>;
interface Kind {
  kind: string;
  label: string;
}

// Every kind the defaults name, in the order and words of the preferences.
function kindsOf(defaults: Defaults, labelled: Kind[]): Kind[] {
  const known = labelled.filter((row) => row.kind in defaults);
  const unlabelled = Object.keys(defaults)
    .filter((kind) => !labelled.some((row) => row.kind === kind))
    .map((kind) => ({ kind, label: kind.replace(/_/g, " ") }));
  return [...known, ...unlabelled];
}

// "Saved. A meeting you attend is moved: App only." Only the kinds whose default changed.
function describeSaved(kinds: Kind[], before: Defaults, after: Defaults): string {
  const changed = kinds.filter((row) => before[row.kind] !== after[row.kind] && after[row.kind]);
  if (changed.length === 0) return "Saved. Nothing changed.";
  return `Saved. ${changed.map((row) => `${row.label}: ${deliveryLabels[after[row.kind] as Delivery]}.`).join(" ")}`;
}

export function NotificationDefaultsScreen() {
  usePageTitle("Notification defaults");
  const loaded = useLoaded(async () => {
    const [defaults, mine] = await Promise.all([
      api.GET("/api/v1/admin/notification-defaults").then(unwrap),
      api.GET("/api/v1/notifications/preferences").then(unwrap),
    ]);
    return { defaults: defaults.defaults, kinds: kindsOf(defaults.defaults, mine.items) };
  }, []);
  const [saved, setSaved] = useState<Defaults | null>(null);
  const defaults = saved ?? loaded.data?.defaults ?? null;

  return (
    <div className="notification-defaults">
      <ScreenHeading title="Notification defaults" />
      <p>
        How staff hear of each kind of notification unless they choose otherwise under How you hear of things (on their
        Notifications). A change here reaches everyone who has not chosen for themselves.
      </p>
      <ul className="delivery-meanings">
        <li>
          <strong>{deliveryLabels.immediately}</strong>: an e-mail at once, and the bell and Notifications in Trellis.
        </li>
        <li>
          <strong>{deliveryLabels.app}</strong>: the bell and Notifications in Trellis, no e-mail.
        </li>
        <li>
          <strong>{deliveryLabels.off}</strong>: nothing. The task, case or meeting is in Trellis all the same.
        </li>
      </ul>
      <NoStudentNames />
      <ErrorMessage error={loaded.error} />
      {defaults === null && !loaded.error && <p className="loading">Loading the notification defaults…</p>}
      {defaults && loaded.data && <DefaultsForm kinds={loaded.data.kinds} defaults={defaults} onSaved={setSaved} />}
    </div>
  );
}

interface FormProps {
  kinds: Kind[];
  defaults: Defaults;
  onSaved(defaults: Defaults): void;
}

function DefaultsForm({ kinds, defaults, onSaved }: FormProps) {
  const [choices, setChoices] = useState<Defaults>(defaults);
  const [notice, setNotice] = useState<string | null>(null);
  const { run, busy, error } = useSubmit(async () => {
    const now = unwrap(await api.PUT("/api/v1/admin/notification-defaults", { body: { defaults: choices } })).defaults;
    setNotice(describeSaved(kinds, defaults, now));
    setChoices(now);
    onSaved(now);
  });
  const fields = fieldErrors(error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    void run();
  };

  return (
    <form className="panel" aria-label="District defaults" onSubmit={onSubmit} noValidate>
      <ErrorMessage error={error} />
      {kinds.map((row) => (
        <DeliveryChoice<Delivery>
          key={row.kind}
          label={row.label}
          options={deliveries.map((delivery) => ({ value: delivery, label: deliveryLabels[delivery] }))}
          value={choices[row.kind] ?? "immediately"}
          onChange={(delivery) => setChoices({ ...choices, [row.kind]: delivery })}
          error={fields[`defaults.${row.kind}`]}
        />
      ))}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save defaults"}
        </button>
      </div>
      <StatusNotice notice={notice} />
    </form>
  );
}

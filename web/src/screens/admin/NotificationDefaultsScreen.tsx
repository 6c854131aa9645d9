// Notification defaults (district administrators, policy action notifications.defaults): how
// staff hear of each kind of notification unless they choose otherwise on How you hear of
// things, and whether e-mails may name the student (first name and last initial). The kinds'
// names come from the administrator's own preferences (the defaults carry none). Saving is
// audited; the API's messages show next to the setting they name (defaults.<kind>,
// student_names_in_email).
import { useState } from "react";
import { api, fieldErrors, unwrap, type Delivery, type StudentNamesInEmail } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ScreenHeading } from "../../components/ScreenHeading";
import { useLoaded } from "../../components/useLoaded";
import { usePageTitle } from "../../components/usePageTitle";
import { useSubmit } from "../../components/useSubmit";
import {
  DeliveryChoice,
  DeliveryForm,
  DeliveryMeanings,
  StudentNamesNote,
  deliveries,
  deliveryLabels,
} from "../notifications/DeliveryChoice";

type Defaults = Record<string, Delivery>;
interface Settings {
  defaults: Defaults;
  student_names_in_email: StudentNamesInEmail;
}
interface Kind {
  kind: string;
  label: string;
}

const studentNamesLabels: Record<StudentNamesInEmail, string> = {
  none: "No student's name",
  first_name_last_initial: "First name and last initial (“Maria G.”)",
};

// Every kind the defaults name, in the order and words of the preferences.
function kindsOf(defaults: Defaults, labelled: Kind[]): Kind[] {
  const known = labelled.filter((row) => row.kind in defaults);
  const unlabelled = Object.keys(defaults)
    .filter((kind) => !labelled.some((row) => row.kind === kind))
    .map((kind) => ({ kind, label: kind.replace(/_/g, " ") }));
  return [...known, ...unlabelled];
}

// "Saved. A meeting you attend is moved: App only." Only what changed.
function describeSaved(kinds: Kind[], before: Settings, after: Settings): string {
  const changed = kinds
    .filter((row) => before.defaults[row.kind] !== after.defaults[row.kind] && after.defaults[row.kind])
    .map((row) => `${row.label}: ${deliveryLabels[after.defaults[row.kind] as Delivery]}.`);
  if (before.student_names_in_email !== after.student_names_in_email) {
    changed.push(`Students in e-mails: ${studentNamesLabels[after.student_names_in_email]}.`);
  }
  return changed.length === 0 ? "Saved. Nothing changed." : `Saved. ${changed.join(" ")}`;
}

export function NotificationDefaultsScreen() {
  usePageTitle("Notification defaults");
  const loaded = useLoaded(async () => {
    const [settings, mine] = await Promise.all([
      api.GET("/api/v1/admin/notification-defaults").then(unwrap),
      api.GET("/api/v1/notifications/preferences").then(unwrap),
    ]);
    return { settings, kinds: kindsOf(settings.defaults, mine.items) };
  }, []);
  const [saved, setSaved] = useState<Settings | null>(null);
  const settings = saved ?? loaded.data?.settings ?? null;

  return (
    <div className="notification-defaults">
      <ScreenHeading title="Notification defaults" />
      <p>
        How staff hear of each kind of notification unless they choose otherwise under How you hear of things (on their
        Notifications). A change here reaches everyone who has not chosen for themselves.
      </p>
      <DeliveryMeanings />
      {settings && <StudentNamesNote names={settings.student_names_in_email} />}
      <ErrorMessage error={loaded.error} />
      {settings === null && !loaded.error && <p className="loading">Loading the notification defaults…</p>}
      {settings && loaded.data && <DefaultsForm kinds={loaded.data.kinds} settings={settings} onSaved={setSaved} />}
    </div>
  );
}

interface FormProps {
  kinds: Kind[];
  settings: Settings;
  onSaved(settings: Settings): void;
}

function DefaultsForm({ kinds, settings, onSaved }: FormProps) {
  const [choices, setChoices] = useState<Defaults>(settings.defaults);
  const [names, setNames] = useState<StudentNamesInEmail>(settings.student_names_in_email);
  const [notice, setNotice] = useState<string | null>(null);
  const { run, busy, error } = useSubmit(async () => {
    const body = { defaults: choices, student_names_in_email: names };
    const now = unwrap(await api.PUT("/api/v1/admin/notification-defaults", { body }));
    setNotice(describeSaved(kinds, settings, now));
    setChoices(now.defaults);
    setNames(now.student_names_in_email);
    onSaved(now);
  });
  const fields = fieldErrors(error);
  const options = deliveries.map((delivery) => ({ value: delivery, label: deliveryLabels[delivery] }));

  return (
    <DeliveryForm<Delivery>
      label="District defaults"
      kinds={kinds.map((row) => ({ ...row, options }))}
      choices={choices}
      fallback="immediately"
      onChange={setChoices}
      fieldErrors={fields}
      errorPrefix="defaults"
      error={error}
      busy={busy}
      submitLabel="Save defaults"
      notice={notice}
      onSubmit={() => {
        setNotice(null);
        void run();
      }}
    >
      <DeliveryChoice<StudentNamesInEmail>
        label="What e-mails may say of the student a notification is about"
        options={(Object.keys(studentNamesLabels) as StudentNamesInEmail[]).map((value) => ({
          value,
          label: studentNamesLabels[value],
        }))}
        value={names}
        onChange={setNames}
        error={fields.student_names_in_email}
      />
    </DeliveryForm>
  );
}

// The Case Management Dictionary (DESIGN.md rule 2), for district administrators: the switch
// and the triggers, statuses, reasons for close, focus areas, the backfill and the version
// history. Everyone may read it; only district administrators change it (the API says so).
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useLoaded } from "../../components/useLoaded";
import { usePageTitle } from "../../components/usePageTitle";
import { can } from "../../access";
import { useSession } from "../../session";
import { Backfill } from "./Backfill";
import { DictionaryValues } from "./DictionaryValues";
import { TriggerSettings, type CaseSettings, type Trigger } from "./TriggerSettings";
import { VersionHistory } from "./VersionHistory";

export function CaseManagementScreen() {
  usePageTitle("Case Management Dictionary");
  const { user } = useSession();
  // Everyone signed in may read the dictionary; the policy says who changes it.
  const canChange = can(user, "dictionary.manage");
  const loaded = useLoaded(async () => unwrap(await api.GET("/api/v1/admin/case-management")), []);
  // What the last save answered, else what was loaded.
  const [saved, setSettings] = useState<CaseSettings | null>(null);
  const settings = saved ?? loaded.data;
  const error = loaded.error;
  // Bumped by every saved change, so the version history shows it.
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((count) => count + 1);

  const triggers = (settings?.triggers ?? []).map((t) => t.name).filter((name): name is Trigger => Boolean(name));
  return (
    <div className="case-management">
      <h1>Case Management Dictionary</h1>
      {!canChange && <p className="muted">Only district administrators change the dictionary; you may read it.</p>}
      <ErrorMessage error={error} />
      {!settings && !error && <p className="loading">Loading the dictionary…</p>}
      {settings && (
        <TriggerSettings
          settings={settings}
          canChange={canChange}
          onSaved={(saved) => {
            setSettings(saved);
            changed();
          }}
        />
      )}
      <DictionaryValues
        kind="case-statuses"
        title="Case statuses"
        about="A case opens with the default status. Closing a case needs a closed status. Open is built in."
        canChange={canChange}
        onChanged={changed}
      />
      <DictionaryValues
        kind="close-reasons"
        title="Reasons for close"
        about="Closing a case needs one of these reasons."
        canChange={canChange}
        onChanged={changed}
      />
      <DictionaryValues
        kind="focus-areas"
        title="Focus areas"
        about="What a case is about, such as academics, behaviour, attendance or social-emotional learning."
        canChange={canChange}
        onChanged={changed}
      />
      {settings && canChange && <Backfill triggers={triggers} enabled={Boolean(settings.enabled)} />}
      <VersionHistory changes={changes} />
    </div>
  );
}

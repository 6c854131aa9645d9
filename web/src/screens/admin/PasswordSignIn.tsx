// Password sign-in, on the Single sign-on screen (district administrators): whether everyone
// may still sign in with a password, or only the break-glass administrators named here while
// everyone else signs in with the district's identity provider. The API refuses to turn
// passwords off before someone has signed in with an enabled provider (409) or without an
// active district administrator named (422); this section shows its sentences. Audited.
import { useId, useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, unwrap, type Schemas } from "../../api/client";
import { CheckField } from "../../components/CheckField";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StatusNotice } from "../../components/StatusNotice";
import { useLoaded } from "../../components/useLoaded";
import { useSubmit } from "../../components/useSubmit";

type SignInSettings = Schemas["SignInSettings"];
type PasswordMode = SignInSettings["password_sign_in"];
type User = Schemas["User"];
interface Admin {
  id: number;
  name: string;
  email: string;
  hasPassword: boolean;
}

const modeLabels: Record<PasswordMode, string> = {
  everyone: "Everyone may sign in with a password",
  break_glass_only: "Only break-glass administrators may sign in with a password; everyone else uses single sign-on",
};

function isActiveDistrictAdmin(user: User): boolean {
  return Boolean(
    user.active && user.roles?.some((grant) => grant.role === "district_admin" && grant.school_id == null),
  );
}

// The active district administrators, from every page of the staff list.
async function loadDistrictAdmins(): Promise<Admin[]> {
  const admins: Admin[] = [];
  let cursor: string | undefined;
  do {
    const page = unwrap(await api.GET("/api/v1/users", { params: { query: { limit: 500, cursor } } }));
    for (const user of page.items ?? []) {
      if (user.id === undefined || !isActiveDistrictAdmin(user)) continue;
      admins.push({
        id: user.id,
        name: user.name ?? `User ${user.id}`,
        email: user.email ?? "",
        hasPassword: Boolean(user.can_sign_in),
      });
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return admins;
}

// "Now: only the break-glass administrators (Dana Admin) may sign in with a password; ..."
function describeSettings(settings: SignInSettings, admins: Admin[]): string {
  const names = (settings.break_glass_user_ids ?? []).map(
    (id) => admins.find((admin) => admin.id === id)?.name ?? `User ${id}`,
  );
  const named = names.length ? names.join(", ") : "none";
  if (settings.password_sign_in === "break_glass_only") {
    return `Only the break-glass administrators (${named}) may sign in with a password; everyone else signs in with single sign-on.`;
  }
  return `Everyone may sign in with a password. Break-glass administrators: ${named}.`;
}

export function PasswordSignIn() {
  const loaded = useLoaded(async () => {
    const [settings, admins] = await Promise.all([
      api.GET("/api/v1/admin/sign-in-settings").then(unwrap),
      loadDistrictAdmins(),
    ]);
    return { settings, admins };
  }, []);
  const [saved, setSaved] = useState<SignInSettings | null>(null);
  const settings = saved ?? loaded.data?.settings ?? null;
  const admins = loaded.data?.admins ?? [];

  return (
    <section className="panel password-sign-in" aria-labelledby="password-sign-in-heading">
      <h2 id="password-sign-in-heading">Password sign-in</h2>
      <ErrorMessage error={loaded.error} />
      {settings === null && !loaded.error && <p className="loading">Loading the sign-in settings…</p>}
      {settings && (
        <>
          <p className="password-sign-in-now">
            <strong>Now:</strong> {describeSettings(settings, admins)}
          </p>
          <PasswordSignInForm settings={settings} admins={admins} onSaved={setSaved} />
        </>
      )}
    </section>
  );
}

interface FormProps {
  settings: SignInSettings;
  admins: Admin[];
  onSaved(settings: SignInSettings): void;
}

function PasswordSignInForm({ settings, admins, onSaved }: FormProps) {
  const id = useId();
  const [mode, setMode] = useState<PasswordMode>(settings.password_sign_in);
  const [chosen, setChosen] = useState(new Set<number>(settings.break_glass_user_ids ?? []));
  const [notice, setNotice] = useState<string | null>(null);
  const { run, busy, error } = useSubmit(async (body: SignInSettings) => {
    const now = unwrap(await api.PUT("/api/v1/admin/sign-in-settings", { body }));
    setNotice(
      now.password_sign_in === "break_glass_only"
        ? "Saved: only the break-glass administrators may sign in with a password."
        : "Saved: everyone may sign in with a password.",
    );
    onSaved(now);
  });
  const fields = fieldErrors(error);
  // Named accounts that are no longer active district administrators stay listed, so that
  // they can be let go (the API refuses to keep them).
  const listed = [
    ...admins,
    ...[...chosen]
      .filter((userId) => !admins.some((admin) => admin.id === userId))
      .map((userId) => ({ id: userId, name: `User ${userId}`, email: "", hasPassword: false, gone: true })),
  ];

  const toggle = (userId: number, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(userId);
    else next.delete(userId);
    setChosen(next);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    void run({ password_sign_in: mode, break_glass_user_ids: [...chosen] });
  };
  const hintFor = (admin: Admin & { gone?: boolean }) => {
    if (admin.gone) return "No longer an active district administrator: clear it to save.";
    if (!admin.hasPassword) return `${admin.email}. No password yet: set one on Users and roles first.`;
    return admin.email;
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <ErrorMessage error={error} />
      <fieldset
        className={fields.password_sign_in ? "choices field-invalid" : "choices"}
        aria-describedby={fields.password_sign_in ? `${id}-mode-error` : undefined}
      >
        <legend>Who may sign in with a password</legend>
        {(Object.keys(modeLabels) as PasswordMode[]).map((value) => (
          <label key={value}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={value}
              checked={mode === value}
              onChange={() => setMode(value)}
            />{" "}
            {modeLabels[value]}
          </label>
        ))}
        {fields.password_sign_in && (
          <p className="field-error" id={`${id}-mode-error`}>
            {fields.password_sign_in}
          </p>
        )}
      </fieldset>
      <fieldset
        className={fields.break_glass_user_ids ? "choices field-invalid" : "choices"}
        aria-describedby={[`${id}-why`, fields.break_glass_user_ids && `${id}-accounts-error`]
          .filter(Boolean)
          .join(" ")}
      >
        <legend>Break-glass administrators</legend>
        <p className="hint" id={`${id}-why`}>
          The district administrators checked here may still sign in with a password when everyone else may not, for the
          day the identity provider is down.
        </p>
        {fields.break_glass_user_ids && (
          <p className="field-error" id={`${id}-accounts-error`}>
            {fields.break_glass_user_ids}
          </p>
        )}
        {listed.length === 0 && <p className="empty">No active district administrator.</p>}
        {listed.map((admin) => (
          <CheckField
            key={admin.id}
            label={admin.name}
            checked={chosen.has(admin.id)}
            onChange={(on) => toggle(admin.id, on)}
            hint={hintFor(admin)}
          />
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save password sign-in"}
        </button>
      </div>
      <StatusNotice notice={notice} />
    </form>
  );
}

// Adds a staff account or changes one: names, e-mail, password, whether it is active, and its
// roles per school. The API's messages show next to their fields; a new password or
// deactivating ends the account's sessions (the API does that).
import { useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, invalidField, unwrap, type Schemas } from "../../api/client";
import { CheckField } from "../../components/CheckField";
import { Dialog } from "../../components/Dialog";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { useSubmit } from "../../components/useSubmit";
import { RolesEditor } from "./RolesEditor";
import type { GrantRights, RoleGrant } from "./roles";

export type User = Schemas["User"];
type UserInput = Schemas["UserInput"];

interface Props {
  user: User | null; // null adds a new account
  rights: GrantRights;
  onSaved(user: User, sentence: string): void;
  onCancel(): void;
}

export function UserDialog({ user, rights, onSaved, onCancel }: Props) {
  const [givenName, setGivenName] = useState(user?.given_name ?? "");
  const [familyName, setFamilyName] = useState(user?.family_name ?? "");
  const [email, setEmail] = useState(user?.email ?? "");
  const [password, setPassword] = useState("");
  const [active, setActive] = useState(user?.active ?? true);
  const [grants, setGrants] = useState<RoleGrant[]>(user?.roles ?? []);
  const { run, busy, error, setError } = useSubmit(async (body: UserInput) => {
    const saved = user?.id
      ? unwrap(await api.PATCH("/api/v1/users/{id}", { params: { path: { id: user.id } }, body }))
      : unwrap(await api.POST("/api/v1/users", { body }));
    onSaved(saved, user ? `Saved ${saved.name}.` : `Added ${saved.name}.`);
  });
  const fields = fieldErrors(error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (grants.some((grant) => grant.role !== "district_admin" && !grant.school_id)) {
      setError(invalidField("roles", "Choose the school of each school role."));
      return;
    }
    const roles = grants.map((grant) =>
      grant.role === "district_admin" ? { role: grant.role } : { role: grant.role, school_id: grant.school_id },
    );
    // A new account leaves empty fields out, so the API says which are required; a change
    // sends them, so emptying a name is refused rather than ignored.
    const text = (value: string) => (user ? value.trim() : value.trim() || undefined);
    void run({
      given_name: text(givenName),
      family_name: text(familyName),
      email: text(email),
      password: password || undefined,
      active: user ? active : undefined,
      roles,
    });
  };

  return (
    <Dialog title={user ? `Change ${user.name}` : "Add a user"} onCancel={onCancel}>
      <form onSubmit={onSubmit} noValidate className="user-form">
        <ErrorMessage error={error} />
        <Field label="Given name" error={fields.given_name}>
          <input
            type="text"
            maxLength={100}
            autoComplete="off"
            value={givenName}
            onChange={(e) => setGivenName(e.target.value)}
          />
        </Field>
        <Field label="Family name" error={fields.family_name}>
          <input
            type="text"
            maxLength={100}
            autoComplete="off"
            value={familyName}
            onChange={(e) => setFamilyName(e.target.value)}
          />
        </Field>
        <Field label="E-mail" error={fields.email}>
          <input
            type="email"
            maxLength={254}
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field
          label={user ? "New password" : "Password"}
          hint={
            user
              ? "Optional: at least 10 characters; signs the user out everywhere."
              : "At least 10 characters. Without one the account cannot sign in with a password."
          }
          error={fields.password}
        >
          <input
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {user && (
          <CheckField
            label="Active"
            checked={active}
            onChange={setActive}
            hint="An inactive account cannot sign in; turning it off signs the user out."
            error={fields.active}
          />
        )}
        <RolesEditor grants={grants} rights={rights} error={fields.roles} onChange={setGrants} />
        <FormActions label={user ? "Save changes" : "Add user"} busyLabel="Saving…" busy={busy} onCancel={onCancel} />
      </form>
    </Dialog>
  );
}

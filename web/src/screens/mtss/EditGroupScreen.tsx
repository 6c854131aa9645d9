// Edit group: its name, intervention, area, tier, facilitator, schedule and the plan template
// (PATCH /intervention-groups/{id}). The school stays. A changed template shapes the plans of
// students added from now on; plans already made stay as they are, and the form says so.
import { useState } from "react";
import type { FormEvent } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { api, fieldErrors, unwrap, type InterventionGroup } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { useLoaded } from "../../components/useLoaded";
import { usePageTitle } from "../../components/usePageTitle";
import { useSubmit } from "../../components/useSubmit";
import { draftOf, groupChanges, GroupTemplateFields, type Draft } from "./GroupForm";
import { AreaTierFields } from "./PlanOptions";

export function EditGroupScreen() {
  const id = Number(useParams().id);
  const group = useLoaded(
    async () => unwrap(await api.GET("/api/v1/intervention-groups/{id}", { params: { path: { id } } })),
    [id],
  );
  usePageTitle("Edit group");
  if (group.error) return <ErrorMessage error={group.error} />;
  if (!group.data) return <p className="loading">Loading the group…</p>;
  return <EditGroupForm group={group.data} />;
}

function EditGroupForm({ group }: { group: InterventionGroup }) {
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(() => draftOf(group));
  const change = (name: keyof Draft, value: string) => setDraft({ ...draft, [name]: value });
  const set = (name: keyof Draft) => (event: { target: { value: string } }) => change(name, event.target.value);
  const { run, busy, error } = useSubmit(async () => {
    const body = { ...groupChanges(draft), area: draft.area, tier: Number(draft.tier) };
    unwrap(await api.PATCH("/api/v1/intervention-groups/{id}", { params: { path: { id: group.id ?? 0 } }, body }));
    navigate(`/groups/${group.id}`, { state: { notice: "Group saved." } });
  });
  const fields = fieldErrors(error);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  return (
    <section className="panel form-screen">
      <h1>Edit group: {group.name}</h1>
      <p className="hint">
        A changed plan template shapes the plans of students added from now on; plans already made stay.
      </p>
      <form onSubmit={onSubmit} noValidate>
        <ErrorMessage error={error} />
        <Field label="Name" error={fields.name}>
          <input type="text" maxLength={200} value={draft.name} onChange={set("name")} />
        </Field>
        <Field label="Intervention" error={fields.intervention}>
          <input type="text" maxLength={200} value={draft.intervention} onChange={set("intervention")} />
        </Field>
        <div className="field-row">
          <AreaTierFields area={draft.area} tier={draft.tier} onChange={change} fields={fields} />
        </div>
        <GroupTemplateFields draft={draft} change={change} fields={fields} />
        <FormActions busy={busy} label="Save group" busyLabel="Saving…" cancelTo={`/groups/${group.id}`} />
      </form>
    </section>
  );
}

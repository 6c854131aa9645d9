// A new intervention group: what it is (name, intervention, school, area, tier, schedule)
// and the plan template every member's plan is made from (skill, goal, frequency, minutes).
// The facilitator is the user unless an administrator chooses another; members are added on
// the group's page.
// The API names the template's goal messages goal_measure, goal_target and goal_target_date.
import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, fieldErrors, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { usePageTitle } from "../../components/usePageTitle";
import { useSchools } from "../../components/useSchools";
import { useSubmit } from "../../components/useSubmit";
import { useSession } from "../../session";
import { AreaTierFields } from "./PlanOptions";
import { emptyDraft, groupChanges, GroupTemplateFields, type Draft } from "./GroupForm";

// The schools the user works in (all of them for a district administrator).
function useMySchools() {
  const { user } = useSession();
  const grants = user?.roles ?? [];
  const everywhere = grants.some((grant) => grant.role === "district_admin" || grant.school_id == null);
  return useSchools().filter((school) => everywhere || grants.some((grant) => grant.school_id === school.id));
}

export function NewGroupScreen() {
  usePageTitle("New intervention group");
  const navigate = useNavigate();
  const schools = useMySchools();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const schoolId = draft.schoolId || String(schools[0]?.id ?? "");
  const create = async () => {
    const group = unwrap(
      await api.POST("/api/v1/intervention-groups", {
        body: { ...groupChanges(draft), school_id: Number(schoolId), area: draft.area, tier: Number(draft.tier) },
      }),
    );
    navigate(`/groups/${group.id}`, { state: { notice: `Group “${group.name}” created. Add its students below.` } });
  };
  const { run, busy, error } = useSubmit(create);
  const fields = fieldErrors(error);
  const change = (name: keyof Draft, value: string) => setDraft({ ...draft, [name]: value });
  const set = (name: keyof Draft) => (event: { target: { value: string } }) => change(name, event.target.value);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <section className="panel form-screen">
      <h1>New intervention group</h1>
      <form onSubmit={onSubmit} noValidate>
        <ErrorMessage error={error} />
        <Field label="Name" error={fields.name}>
          <input type="text" maxLength={200} value={draft.name} onChange={set("name")} />
        </Field>
        <Field label="Intervention" hint="e.g. Small-group phonics" error={fields.intervention}>
          <input type="text" maxLength={200} value={draft.intervention} onChange={set("intervention")} />
        </Field>
        <div className="field-row">
          <Field label="School" error={fields.school_id}>
            <select value={schoolId} onChange={set("schoolId")}>
              {schools.map((school) => (
                <option key={school.id} value={String(school.id)}>
                  {school.name}
                </option>
              ))}
            </select>
          </Field>
          <AreaTierFields area={draft.area} tier={draft.tier} onChange={change} fields={fields} />
        </div>
        <GroupTemplateFields draft={draft} change={change} fields={fields} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Creating…" : "Create group"}
          </button>
          <Link to="/groups">Cancel</Link>
        </div>
      </form>
    </section>
  );
}

// A new intervention group: what it is (name, intervention, school, area, tier, schedule)
// and the plan template every member's plan is made from (skill, goal, frequency, minutes).
// The facilitator is the user unless an administrator chooses another; members are added on
// the group's page.
// The API names the template's goal messages goal_measure, goal_target and goal_target_date.
import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, fieldErrors, unwrap, type Schemas } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { StaffSelect } from "../../components/StaffSelect";
import { usePageTitle } from "../../components/usePageTitle";
import { useSchools } from "../../components/useSchools";
import { useSubmit } from "../../components/useSubmit";
import { useSession } from "../../session";
import { AreaTierFields } from "./PlanOptions";
import type { PlanArea } from "./labels";

type GroupInput = Schemas["InterventionGroupInput"];

const emptyDraft = {
  facilitatorId: "", // empty: the user
  name: "",
  intervention: "",
  schoolId: "",
  area: "reading" as PlanArea,
  tier: "2",
  schedule: "",
  skill: "",
  measure: "",
  target: "",
  targetDate: "",
  frequency: "",
  minutes: "",
};
type Draft = typeof emptyDraft;

function groupInput(draft: Draft, schoolId: string): GroupInput {
  const hasGoal = draft.measure.trim() || draft.target.trim() || draft.targetDate;
  return {
    name: draft.name,
    intervention: draft.intervention,
    school_id: Number(schoolId),
    facilitator_id: draft.facilitatorId ? Number(draft.facilitatorId) : undefined,
    area: draft.area,
    tier: Number(draft.tier),
    schedule: draft.schedule.trim() || undefined,
    skill: draft.skill.trim() || undefined,
    goal: hasGoal
      ? {
          measure: draft.measure.trim() || undefined,
          target: draft.target.trim() ? Number(draft.target) : undefined,
          target_date: draft.targetDate || undefined,
        }
      : undefined,
    frequency: draft.frequency.trim() || undefined,
    minutes: draft.minutes.trim() ? Number(draft.minutes) : undefined,
  };
}

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
    const group = unwrap(await api.POST("/api/v1/intervention-groups", { body: groupInput(draft, schoolId) }));
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
        <StaffSelect
          label="Facilitator"
          value={draft.facilitatorId}
          onChange={(id) => change("facilitatorId", id)}
          error={fields.facilitator_id}
        />
        <Field label="Schedule" hint="Optional, e.g. Mon/Wed/Fri 9:00–9:30" error={fields.schedule}>
          <input type="text" maxLength={500} value={draft.schedule} onChange={set("schedule")} />
        </Field>
        <fieldset className="field-group">
          <legend>Each member&apos;s plan</legend>
          <Field label="Skill" hint="Optional" error={fields.skill}>
            <input type="text" maxLength={200} value={draft.skill} onChange={set("skill")} />
          </Field>
          <Field label="Goal measure" hint="Optional" error={fields.goal_measure}>
            <input type="text" maxLength={200} value={draft.measure} onChange={set("measure")} />
          </Field>
          <div className="field-row">
            <Field label="Goal target" hint="Optional" error={fields.goal_target}>
              <input type="number" step="any" value={draft.target} onChange={set("target")} />
            </Field>
            <Field label="Goal date" hint="Optional" error={fields.goal_target_date}>
              <input type="date" value={draft.targetDate} onChange={set("targetDate")} />
            </Field>
          </div>
          <div className="field-row">
            <Field label="Frequency" hint="Optional, e.g. 3 times a week" error={fields.frequency}>
              <input type="text" maxLength={100} value={draft.frequency} onChange={set("frequency")} />
            </Field>
            <Field label="Minutes" hint="Optional" error={fields.minutes}>
              <input type="number" min={0} max={1440} value={draft.minutes} onChange={set("minutes")} />
            </Field>
          </div>
        </fieldset>
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

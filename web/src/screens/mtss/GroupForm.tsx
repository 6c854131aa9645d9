// The fields of an intervention group, shared by New group and Edit group: facilitator,
// schedule, and the plan template every member's plan is made from (skill, goal, frequency,
// minutes). The API names the template's goal messages goal_measure, goal_target and
// goal_target_date.
import type { InterventionGroup, Schemas } from "../../api/client";
import { Field } from "../../components/Field";
import { StaffSelect } from "../../components/StaffSelect";
import type { PlanArea } from "./labels";
import { boxText, numberOrUndefined } from "./draftValues";

type GroupChanges = Schemas["InterventionGroupChanges"];

export const emptyDraft = {
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
export type Draft = typeof emptyDraft;

export function groupChanges(draft: Draft): GroupChanges {
  const hasGoal = draft.measure.trim() || draft.target.trim() || draft.targetDate;
  return {
    name: draft.name,
    intervention: draft.intervention,
    facilitator_id: draft.facilitatorId ? Number(draft.facilitatorId) : undefined,
    area: draft.area,
    tier: Number(draft.tier),
    schedule: draft.schedule.trim() || undefined,
    skill: draft.skill.trim() || undefined,
    goal: hasGoal
      ? {
          measure: draft.measure.trim() || undefined,
          target: numberOrUndefined(draft.target),
          target_date: draft.targetDate || undefined,
        }
      : undefined,
    frequency: draft.frequency.trim() || undefined,
    minutes: numberOrUndefined(draft.minutes),
  };
}

// A group as the form's draft, for editing it.
export function draftOf(group: InterventionGroup): Draft {
  return {
    facilitatorId: boxText(group.facilitator?.id),
    name: group.name ?? "",
    intervention: group.intervention ?? "",
    schoolId: boxText(group.school_id),
    area: group.area ?? "reading",
    tier: boxText(group.tier ?? 2),
    schedule: group.schedule ?? "",
    skill: group.skill ?? "",
    measure: group.goal?.measure ?? "",
    target: boxText(group.goal?.target),
    targetDate: group.goal?.target_date ?? "",
    frequency: group.frequency ?? "",
    minutes: boxText(group.minutes),
  };
}

interface Props {
  draft: Draft;
  change(name: keyof Draft, value: string): void;
  fields: Record<string, string>;
}

// Facilitator, schedule and the members' plan template (name, intervention, school, area and
// tier stay with each screen, which lays them out its own way).
export function GroupTemplateFields({ draft, change, fields }: Props) {
  const set = (name: keyof Draft) => (event: { target: { value: string } }) => change(name, event.target.value);
  return (
    <>
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
    </>
  );
}

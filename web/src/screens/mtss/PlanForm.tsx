// The fields of a plan, shared by New plan and Edit plan: area and tier, owner, skill, the goal
// (measure, baseline, target and their dates) and the interventions, with the server's
// messages next to each ("goal.target", "interventions[1].name").
import type { Plan, Schemas } from "../../api/client";
import { Field } from "../../components/Field";
import { StaffSelect } from "../../components/StaffSelect";
import { InterventionFields, type InterventionDraft } from "./InterventionFields";
import { AreaTierFields } from "./PlanOptions";
import type { PlanArea } from "./labels";
import { boxText, numberOrUndefined } from "./draftValues";

type PlanChanges = Schemas["PlanChanges"];

export interface Draft {
  ownerId: string; // empty: the user
  area: PlanArea;
  tier: string;
  skill: string;
  measure: string;
  baseline: string;
  baselineDate: string;
  target: string;
  targetDate: string;
}

export const emptyDraft: Draft = {
  ownerId: "",
  area: "reading",
  tier: "2",
  skill: "",
  measure: "",
  baseline: "",
  baselineDate: "",
  target: "",
  targetDate: "",
};

export function planChanges(draft: Draft, interventions: InterventionDraft[]): PlanChanges {
  return {
    owner_id: draft.ownerId ? Number(draft.ownerId) : undefined,
    area: draft.area,
    tier: Number(draft.tier),
    skill: draft.skill.trim() || undefined,
    goal: {
      measure: draft.measure.trim() || undefined,
      baseline: numberOrUndefined(draft.baseline),
      baseline_date: draft.baselineDate || undefined,
      target: numberOrUndefined(draft.target),
      target_date: draft.targetDate || undefined,
    },
    // Every row is sent, blank or not, so that the server's "interventions[i]" messages land
    // on the row the user sees.
    interventions: interventions.map((item) => ({
      name: item.name,
      frequency: item.frequency.trim() || undefined,
      minutes: numberOrUndefined(item.minutes),
    })),
  };
}

// A plan as the form's draft, for editing it.
export function draftOf(plan: Plan): { draft: Draft; interventions: InterventionDraft[] } {
  return {
    draft: {
      ownerId: boxText(plan.owner?.id),
      area: plan.area ?? "reading",
      tier: boxText(plan.tier ?? 2),
      skill: plan.skill ?? "",
      measure: plan.goal?.measure ?? "",
      baseline: boxText(plan.goal?.baseline),
      baselineDate: plan.goal?.baseline_date ?? "",
      target: boxText(plan.goal?.target),
      targetDate: plan.goal?.target_date ?? "",
    },
    interventions: (plan.interventions ?? []).map((item, index) => ({
      key: index,
      name: item.name ?? "",
      frequency: item.frequency ?? "",
      minutes: boxText(item.minutes),
    })),
  };
}

interface Props {
  draft: Draft;
  onChange(draft: Draft): void;
  interventions: InterventionDraft[];
  setInterventions(items: InterventionDraft[]): void;
  fields: Record<string, string>;
}

export function PlanFields({ draft, onChange, interventions, setInterventions, fields }: Props) {
  const change = (name: keyof Draft, value: string) => onChange({ ...draft, [name]: value });
  const set = (name: keyof Draft) => (event: { target: { value: string } }) => change(name, event.target.value);
  return (
    <>
      <div className="field-row">
        <AreaTierFields area={draft.area} tier={draft.tier} onChange={change} fields={fields} />
      </div>
      <StaffSelect
        label="Owner"
        value={draft.ownerId}
        onChange={(id) => change("ownerId", id)}
        error={fields.owner_id}
      />
      <Field label="Skill" hint="Optional, e.g. oral reading fluency" error={fields.skill}>
        <input type="text" maxLength={200} value={draft.skill} onChange={set("skill")} />
      </Field>
      <fieldset className="field-group">
        <legend>Goal</legend>
        <Field
          label="Measure"
          hint="What the data points count, e.g. words correct per minute"
          error={fields["goal.measure"]}
        >
          <input type="text" maxLength={200} value={draft.measure} onChange={set("measure")} />
        </Field>
        <div className="field-row">
          <Field label="Baseline" error={fields["goal.baseline"]}>
            <input type="number" step="any" value={draft.baseline} onChange={set("baseline")} />
          </Field>
          <Field label="Baseline date" error={fields["goal.baseline_date"]}>
            <input type="date" value={draft.baselineDate} onChange={set("baselineDate")} />
          </Field>
        </div>
        <div className="field-row">
          <Field label="Target" error={fields["goal.target"]}>
            <input type="number" step="any" value={draft.target} onChange={set("target")} />
          </Field>
          <Field label="Target date" error={fields["goal.target_date"]}>
            <input type="date" value={draft.targetDate} onChange={set("targetDate")} />
          </Field>
        </div>
      </fieldset>
      <InterventionFields items={interventions} onChange={setInterventions} fields={fields} />
    </>
  );
}

// "+ New > Plan": an MTSS plan for one student (area, tier, skill, goal, interventions). The
// plan is a plan_created event, which opens the student's case when the district counts it;
// the server decides, and the plan page then says whether this plan opened a case or joined
// the one already open. The owner is the user unless an administrator chooses another. A
// link may name the student (/plans/new?student_id=42).
import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, fieldErrors, invalidField, unwrap, type Plan, type Schemas, type Student } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { StaffSelect } from "../../components/StaffSelect";
import { StudentPicker } from "../../components/StudentPicker";
import { useStudentFromAddress } from "../../components/useStudentFromAddress";
import { usePageTitle } from "../../components/usePageTitle";
import { useSubmit } from "../../components/useSubmit";
import { InterventionFields, type InterventionDraft } from "./InterventionFields";
import { AreaTierFields } from "./PlanOptions";
import type { PlanArea } from "./labels";

type PlanInput = Schemas["PlanInput"];

interface Draft {
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

const emptyDraft: Draft = {
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

// An empty box is "not given"; anything else goes to the server, which says what is wrong.
function numberOrUndefined(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

function planInput(student: Student, draft: Draft, interventions: InterventionDraft[]): PlanInput {
  return {
    student_id: student.id ?? 0,
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

// The sentence the plan page shows: whether this plan opened the student's case (the case's
// "why" names this plan's event) or joined the one already open.
async function caseNotice(plan: Plan): Promise<string> {
  if (!plan.case_id) return "Plan created.";
  const found = unwrap(await api.GET("/api/v1/cases/{id}", { params: { path: { id: plan.case_id } } }));
  const event = found.why?.event;
  const opened = event?.entity === "plan" && event.entity_id === plan.id;
  return opened
    ? `Plan created. It opened a case for ${plan.student?.name}.`
    : `Plan created. It joins the case already open for ${plan.student?.name}.`;
}

export function NewPlanScreen() {
  usePageTitle("New plan");
  const navigate = useNavigate();
  const [student, setStudent] = useStudentFromAddress("student_id");
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [interventions, setInterventions] = useState<InterventionDraft[]>([]);
  const create = async (chosen: Student) => {
    const plan = unwrap(await api.POST("/api/v1/plans", { body: planInput(chosen, draft, interventions) }));
    const notice = await caseNotice(plan).catch(() => "Plan created.");
    navigate(`/plans/${plan.id}`, { state: { notice } });
  };
  const { run, busy, error, setError } = useSubmit(create);
  const fields = fieldErrors(error);
  const change = (name: keyof Draft, value: string) => setDraft({ ...draft, [name]: value });
  const set = (name: keyof Draft) => (event: { target: { value: string } }) => change(name, event.target.value);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!student) {
      setError(invalidField("student_id", "Choose a student."));
      return;
    }
    void run(student);
  };

  return (
    <section className="panel form-screen">
      <h1>New plan</h1>
      <form onSubmit={onSubmit} noValidate>
        <ErrorMessage error={error} />
        <StudentPicker label="Student" chosen={student} onChoose={setStudent} error={fields.student_id} />
        <div className="field-row">
          <AreaTierFields area={draft.area} tier={draft.tier} onChange={change} fields={fields} />
        </div>
        <StaffSelect label="Owner" value={draft.ownerId} onChange={(id) => change("ownerId", id)} error={fields.owner_id} />
        <Field label="Skill" hint="Optional, e.g. oral reading fluency" error={fields.skill}>
          <input type="text" maxLength={200} value={draft.skill} onChange={set("skill")} />
        </Field>
        <fieldset className="field-group">
          <legend>Goal</legend>
          <Field label="Measure" hint="What the data points count, e.g. words correct per minute" error={fields["goal.measure"]}>
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
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Creating…" : "Create plan"}
          </button>
          <Link to="/plans">Cancel</Link>
        </div>
      </form>
    </section>
  );
}

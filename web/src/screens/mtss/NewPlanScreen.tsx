// "+ New > Plan": an MTSS plan for one student (area, tier, skill, goal, interventions). The
// plan is a plan_created event, which opens the student's case when the district counts it;
// the server decides, and the plan page then says whether this plan opened a case or joined
// the one already open. The owner is the user unless an administrator chooses another. A
// link may name the student (/plans/new?student_id=42).
import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, fieldErrors, invalidField, unwrap, type Plan, type StudentEntry } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StudentPicker } from "../../components/StudentPicker";
import { useStudentFromAddress } from "../../components/useStudentFromAddress";
import { usePageTitle } from "../../components/usePageTitle";
import { useSubmit } from "../../components/useSubmit";
import type { InterventionDraft } from "./InterventionFields";
import { emptyDraft, planChanges, PlanFields, type Draft } from "./PlanForm";

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
  const create = async (chosen: StudentEntry) => {
    const body = {
      student_id: chosen.id ?? 0,
      ...planChanges(draft, interventions),
      area: draft.area,
      tier: Number(draft.tier),
    };
    const plan = unwrap(await api.POST("/api/v1/plans", { body }));
    const notice = await caseNotice(plan).catch(() => "Plan created.");
    navigate(`/plans/${plan.id}`, { state: { notice } });
  };
  const { run, busy, error, setError } = useSubmit(create);
  const fields = fieldErrors(error);

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
        <PlanFields
          draft={draft}
          onChange={setDraft}
          interventions={interventions}
          setInterventions={setInterventions}
          fields={fields}
        />
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

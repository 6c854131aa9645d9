// Edit plan: the plan's area, tier, owner, skill, goal and interventions, in the same fields
// as New plan. Only what the form holds is sent (PATCH /plans/{id}); the plan page then says
// it was saved. Its student does not change: a plan for another student is a new plan.
import { useState } from "react";
import type { FormEvent } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { api, fieldErrors, unwrap, type Plan } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { FormActions } from "../../components/FormActions";
import { useLoaded } from "../../components/useLoaded";
import { usePageTitle } from "../../components/usePageTitle";
import { useSubmit } from "../../components/useSubmit";
import { draftOf, planChanges, PlanFields } from "./PlanForm";

export function EditPlanScreen() {
  const id = Number(useParams().id);
  const plan = useLoaded(async () => unwrap(await api.GET("/api/v1/plans/{id}", { params: { path: { id } } })), [id]);
  usePageTitle("Edit plan");
  if (plan.error) return <ErrorMessage error={plan.error} />;
  if (!plan.data) return <p className="loading">Loading the plan…</p>;
  return <EditPlanForm plan={plan.data} />;
}

function EditPlanForm({ plan }: { plan: Plan }) {
  const navigate = useNavigate();
  const initial = draftOf(plan);
  const [draft, setDraft] = useState(initial.draft);
  const [interventions, setInterventions] = useState(initial.interventions);
  const { run, busy, error } = useSubmit(async () => {
    const saved = unwrap(
      await api.PATCH("/api/v1/plans/{id}", {
        params: { path: { id: plan.id ?? 0 } },
        body: planChanges(draft, interventions),
      }),
    );
    navigate(`/plans/${saved.id}`, { state: { notice: "Plan saved." } });
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  return (
    <section className="panel form-screen">
      <h1>Edit plan: {plan.student?.name}</h1>
      <form onSubmit={onSubmit} noValidate>
        <ErrorMessage error={error} />
        <PlanFields
          draft={draft}
          onChange={setDraft}
          interventions={interventions}
          setInterventions={setInterventions}
          fields={fieldErrors(error)}
        />
        <FormActions busy={busy} label="Save plan" busyLabel="Saving…" cancelTo={`/plans/${plan.id}`} />
      </form>
    </section>
  );
}

// Archives an active plan (progress and reviews then stop) or restores an archived one.
import { api, unwrap, type Plan } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useSubmit } from "../../components/useSubmit";

interface Props {
  plan: Plan;
  onChanged(sentence: string): void;
}

export function PlanStatusButton({ plan, onChanged }: Props) {
  const archiving = plan.status === "active";
  const change = async () => {
    const body = { status: archiving ? ("archived" as const) : ("active" as const) };
    unwrap(await api.PATCH("/api/v1/plans/{id}", { params: { path: { id: plan.id ?? 0 } }, body }));
    onChanged(archiving ? "Plan archived." : "Plan restored.");
  };
  const { run, busy, error } = useSubmit(change);
  return (
    <div className="plan-status-action">
      <ErrorMessage error={error} />
      <button type="button" disabled={busy} onClick={() => void run()}>
        {archiving ? "Archive plan" : "Restore plan"}
      </button>
    </div>
  );
}

// One plan's progress chart on the student profile (the same chart as the plan page), loaded
// for that plan alone: a student has a few plans, shown ten at a time.
import { api, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ProgressChart } from "../../components/ProgressChart";
import { useLoaded } from "../../components/useLoaded";

export function PlanProgress({ planId, caption }: { planId: number; caption: string }) {
  const progress = useLoaded(
    async () => unwrap(await api.GET("/api/v1/plans/{id}/progress", { params: { path: { id: planId } } })),
    [planId],
  );
  if (progress.error) return <ErrorMessage error={progress.error} />;
  if (!progress.data) return <p className="loading">Loading progress…</p>;
  if ((progress.data.points ?? []).length === 0) {
    return <p className="empty">No progress recorded yet: enter scores on the plan&apos;s page.</p>;
  }
  return <ProgressChart progress={progress.data} caption={caption} />;
}

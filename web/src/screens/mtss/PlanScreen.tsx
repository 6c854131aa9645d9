// A plan: who it is for, tier, goal (baseline, target, dates) and interventions; progress
// monitoring (enter a data point, the chart with aim and trend lines); and the reviews with
// the API's decision hint. After a change the plan, its progress and its reviews load again
// (a review may change the tier or archive the plan).
import { useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { api, unwrap, type Plan, type PlanProgress, type PlanReview } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ProgressChart } from "../../components/ProgressChart";
import { StatusNotice } from "../../components/StatusNotice";
import { usePageTitle } from "../../components/usePageTitle";
import { useLoaded } from "../../components/useLoaded";
import { can } from "../../access";
import { formatCalendarDate, formatDateTime } from "../../time";
import { gradeLabel } from "../dashboard/labels";
import { PlanStatusButton } from "./PlanStatusButton";
import { ProgressEntry } from "./ProgressEntry";
import { ReviewForm } from "./ReviewForm";
import { DetailItem } from "./DetailItem";
import { ReviewList } from "./ReviewList";
import { formatScore } from "../../components/formatScore";
import { areaLabel } from "./labels";

interface Loaded {
  plan: Plan;
  progress: PlanProgress;
  reviews: PlanReview[];
}

async function loadPlan(id: number): Promise<Loaded> {
  const path = { params: { path: { id } } };
  const [plan, progress, reviews] = await Promise.all([
    api.GET("/api/v1/plans/{id}", path).then(unwrap),
    api.GET("/api/v1/plans/{id}/progress", path).then(unwrap),
    api.GET("/api/v1/plans/{id}/reviews", path).then(unwrap),
  ]);
  return { plan, progress, reviews: reviews.items };
}

export function PlanScreen() {
  const id = Number(useParams().id);
  // New plan leaves a sentence saying what creating the plan did (e.g. opened a case).
  const arrivalNotice = (useLocation().state as { notice?: string } | null)?.notice;
  const { data: loaded, error, reload } = useLoaded(() => loadPlan(id), [id]);
  const [notice, setNotice] = useState<string | null>(null);
  const plan = loaded?.plan;
  usePageTitle(plan ? `Plan: ${plan.student?.name ?? ""}` : "Plan");

  if (error && !loaded) return <ErrorMessage error={error} />;
  if (!loaded || !plan) return <p className="loading">Loading the plan…</p>;
  // The plan says whether this user may edit it (the server asks again).
  const canChange = can(plan, "plan.edit");
  const active = plan.status === "active";
  const changed = (sentence: string) => {
    setNotice(sentence);
    reload();
  };

  return (
    <article className="plan">
      <p className="breadcrumb">
        <Link to="/plans">Plans</Link>
      </p>
      <h1>
        {areaLabel(plan.area)} plan: <Link to={`/students/${plan.student?.id}`}>{plan.student?.name}</Link>
      </h1>
      <StatusNotice notice={notice ?? arrivalNotice} />
      <ErrorMessage error={error} />
      <PlanHeader plan={plan} />
      {canChange && (
        <div className="form-actions">
          {active && (
            <Link className="button" to={`/plans/${id}/edit`}>
              Edit plan
            </Link>
          )}
          <PlanStatusButton plan={plan} onChanged={changed} />
        </div>
      )}
      {!active && <p className="notice-muted">This plan is archived: progress and reviews are no longer kept.</p>}
      <section className="panel" aria-labelledby="progress-heading">
        <h2 id="progress-heading">Progress monitoring</h2>
        {canChange && active && <ProgressEntry planId={id} onRecorded={changed} />}
        {(loaded.progress.points ?? []).length === 0 ? (
          <p className="empty">No data points yet. Enter the first score above to start the chart.</p>
        ) : (
          <ProgressChart
            progress={loaded.progress}
            caption={`Progress: ${plan.goal?.measure || "score"} over time, with the aim line and the trend`}
          />
        )}
      </section>
      <section className="panel" aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">Reviews</h2>
        <ReviewList reviews={loaded.reviews} />
        {canChange && active && (
          <ReviewForm planId={id} tier={plan.tier ?? 1} analysis={loaded.progress.analysis} onReviewed={changed} />
        )}
      </section>
    </article>
  );
}

function PlanHeader({ plan }: { plan: Plan }) {
  const goal = plan.goal;
  return (
    <>
      <dl className="case-header">
        <DetailItem term="Student">
          {plan.student?.name}, grade {gradeLabel(plan.student?.grade)}
        </DetailItem>
        <DetailItem term="Tier">Tier {plan.tier}</DetailItem>
        <DetailItem term="Skill">{plan.skill || "Not named"}</DetailItem>
        <DetailItem term="Owner">{plan.owner?.name}</DetailItem>
        <DetailItem term="Status">
          <span className={plan.status === "active" ? "badge badge-open" : "badge"}>{plan.status}</span>
        </DetailItem>
        {plan.case_id ? (
          <DetailItem term="Case">
            <Link to={`/cases/${plan.case_id}`}>Open the case</Link>
          </DetailItem>
        ) : null}
        <DetailItem term="Created">{formatDateTime(plan.created_at)}</DetailItem>
      </dl>
      <dl className="case-header">
        <DetailItem term="Goal measure">{goal?.measure || "Not named"}</DetailItem>
        <DetailItem term="Baseline">
          {formatScore(goal?.baseline)}
          {goal?.baseline_date ? ` on ${formatCalendarDate(goal.baseline_date)}` : ""}
        </DetailItem>
        <DetailItem term="Aim (target)">
          {formatScore(goal?.target)}
          {goal?.target_date ? ` by ${formatCalendarDate(goal.target_date)}` : ""}
        </DetailItem>
        <DetailItem term="Interventions">
          <Interventions items={plan.interventions ?? []} />
        </DetailItem>
      </dl>
    </>
  );
}

function Interventions({ items }: { items: NonNullable<Plan["interventions"]> }) {
  if (items.length === 0) return <>None named</>;
  return (
    <ul className="plain-list interventions">
      {items.map((item, index) => (
        <li key={index}>
          {item.name}
          {item.frequency ? `, ${item.frequency}` : ""}
          {item.minutes ? `, ${item.minutes} minutes` : ""}
        </li>
      ))}
    </ul>
  );
}

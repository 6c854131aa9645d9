// Words for the MTSS values the API uses (plan areas, review decisions), shared by the plan
// and group screens.
import type { Schemas } from "../../api/client";

export type PlanArea = Schemas["PlanArea"];
export type ReviewDecision = Schemas["ReviewDecision"];

export const areaLabels: Record<PlanArea, string> = {
  reading: "Reading",
  math: "Math",
  behaviour: "Behaviour",
  attendance: "Attendance",
  social_emotional: "Social-emotional",
  other: "Other",
};
export const areas = Object.keys(areaLabels) as PlanArea[];

export function areaLabel(area: string | undefined): string {
  return area ? (areaLabels[area as PlanArea] ?? area) : "";
}

export const decisionLabels: Record<ReviewDecision, string> = {
  continue: "Continue",
  modify: "Modify",
  intensify: "Intensify (tier up)",
  fade: "Fade (tier down)",
  exit: "Exit (archives the plan)",
  refer_for_evaluation: "Refer for evaluation",
};
export const decisions = Object.keys(decisionLabels) as ReviewDecision[];

export function decisionLabel(decision: string | undefined): string {
  return decision ? (decisionLabels[decision as ReviewDecision] ?? decision) : "";
}

export const tiers = [1, 2, 3];

import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

type Plans = { items: { id: number; case_id: number | null }[] };
type Cases = { items: { id: number; student: { id: number } }[] };
type Responses = { items: { id: number; case_id: number | null }[] };

test("a case page lists the plans and the form responses that belong to the case", async ({ page, request }) => {
  const plans = await apiGet<Plans>(request, "middleCounselor", "/api/v1/plans?status=active&limit=100");
  const plan = plans.items.find((item) => item.case_id);
  if (!plan?.case_id) throw new Error("the demo gives the counselor no plan with a case");
  await openAs(page, "middleCounselor", `/cases/${plan.case_id}`);
  const plansRegion = page.getByRole("region", { name: "Plans" });
  await expect(plansRegion.locator(`a[href="/plans/${plan.id}"]`)).toBeVisible();
  await expectNoAxeViolations(page);

  // A case a referral opened lists that response.
  const cases = await apiGet<Cases>(request, "middleCounselor", "/api/v1/cases?trigger=form_submitted&limit=1");
  const opened = cases.items[0];
  if (!opened) throw new Error("the demo has no case opened by a form");
  const responses = await apiGet<Responses>(
    request,
    "middleCounselor",
    `/api/v1/students/${opened.student.id}/form-responses?limit=100`,
  );
  const response = responses.items.find((item) => item.case_id === opened.id);
  if (!response) throw new Error("the case's response is not among the student's");
  await openAs(page, "middleCounselor", `/cases/${opened.id}`);
  await expect(
    page.getByRole("region", { name: "Form responses" }).locator(`a[href="/responses/${response.id}"]`),
  ).toBeVisible();
});

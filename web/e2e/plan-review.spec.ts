import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

type Student = { id: number; name: string; local_id: string };
type Review = { decision: string; tier_before: number; tier_after: number; notes: string };
type Progress = { points: { score: number }[]; analysis: { decision_hint: string; decision_hint_text: string } };

test("a plan's progress is entered, charted with its aim and trend, and reviewed with a decision", async ({
  page,
  request,
}) => {
  // A Riverside High sophomore from the end of the list (journeys that read students take the
  // first ones); the plan is this journey's own.
  const schools = await apiGet<{ items: { id: number; name: string }[] }>(
    request,
    "highInterventionist",
    "/api/v1/schools",
  );
  const school = schools.items.find((item) => item.name === "Riverside High");
  const list = await apiGet<{ items: Student[] }>(
    request,
    "highInterventionist",
    `/api/v1/students?school_id=${school?.id}&grade=10&limit=100`,
  );
  const student = list.items.filter((item) => item.local_id).at(-3);
  if (!student) throw new Error("no Riverside High sophomore");

  await openAs(page, "highInterventionist", "/plans");
  await expect(page.getByRole("heading", { name: "Plans", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Plans list" }).or(page.locator(".empty"))).toBeVisible();
  await expectNoAxeViolations(page);

  // "+ New > Plan"; what is missing is said next to its field.
  await page.getByRole("button", { name: "New" }).click();
  await page.getByRole("link", { name: "Plan", exact: true }).click();
  await expect(page.getByRole("heading", { name: "New plan" })).toBeVisible();
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByLabel("Find by name or local id")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);

  await page.getByLabel("Find by name or local id").fill(student.local_id);
  await page.getByRole("button", { name: new RegExp(student.local_id) }).click();
  await page.getByLabel("Area").selectOption("math");
  await page.getByLabel("Tier").selectOption("2");
  await page.getByLabel("Skill").fill("Math computation (browser test)");
  await page.getByLabel("Measure").fill("Digits correct");
  await page.getByLabel("Baseline", { exact: true }).fill("20");
  await page.getByLabel("Baseline date").fill("2026-09-07");
  await page.getByLabel("Target", { exact: true }).fill("40");
  await page.getByLabel("Target date").fill("2026-11-30");
  await page.getByRole("button", { name: "Add an intervention" }).click();
  await page.getByRole("button", { name: "Create plan" }).click();
  const intervention = page.getByLabel("Intervention 1");
  await expect(intervention).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);
  await intervention.fill("Fact fluency practice");
  await page.getByLabel("Frequency").fill("Daily");
  await page.getByLabel("Minutes").fill("15");
  await page.getByRole("button", { name: "Create plan" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Math plan: ${student.name}`);
  await expect(page.getByRole("status")).toContainText("Plan created");
  await expect(page.getByText("No data points yet.")).toBeVisible();
  const planId = /\/plans\/(\d+)$/.exec(page.url())?.[1];
  if (!planId) throw new Error("no plan id in " + page.url());
  await expectNoAxeViolations(page);

  // Progress entry: an empty score is refused next to the box; four points, each under the
  // aim line (20 to 40 over twelve weeks), are recorded.
  const entry = page.getByRole("form", { name: "Enter a data point" });
  await entry.getByLabel("Score").fill("");
  await entry.getByRole("button", { name: "Record data point" }).click();
  await expect(entry.getByLabel("Score")).toHaveAttribute("aria-invalid", "true");
  for (const [date, score, shown] of [
    ["2026-09-14", "21", "Sep 14, 2026"],
    ["2026-09-21", "22", "Sep 21, 2026"],
    ["2026-09-28", "24", "Sep 28, 2026"],
    ["2026-10-05", "25", "Oct 5, 2026"],
  ] as const) {
    await entry.getByLabel("Date", { exact: true }).fill(date);
    await entry.getByLabel("Score").fill(score);
    await entry.getByRole("button", { name: "Record data point" }).click();
    await expect(page.getByRole("status")).toHaveText(`Recorded ${score} on ${shown}.`);
  }

  // The chart shows the four points with the aim and trend lines; its table has the numbers.
  const figure = page.locator("figure.chart");
  await expect(figure.locator("figcaption")).toContainText("Digits correct");
  await expect(figure.locator(".recharts-line-dot")).toHaveCount(4);
  await expect(figure.locator(".recharts-line-curve")).toHaveCount(3);
  await figure.getByText("The numbers").click();
  const numbers = figure.getByRole("table");
  for (const score of ["21", "22", "24", "25"]) {
    await expect(numbers.getByRole("row", { name: new RegExp(`Data point ${score}$`) })).toBeVisible();
  }
  await expect(numbers.getByRole("row", { name: "Sep 7, 2026 Aim line start 20" })).toBeVisible();
  await expect(numbers.getByRole("row", { name: "Nov 30, 2026 Aim line end 40" })).toBeVisible();
  await expect(numbers.getByRole("row", { name: /Trend line end/ })).toBeVisible();
  await expectNoAxeViolations(page);

  // The review: the API's decision hint is shown before choosing; a decision is required.
  const progress = await apiGet<Progress>(request, "highInterventionist", `/api/v1/plans/${planId}/progress`);
  expect(progress.points).toHaveLength(4);
  const review = page.getByRole("form", { name: "New review" });
  // Four points under the aim line: the four-point rule suggests intensifying.
  expect(progress.analysis.decision_hint).toBe("consider_intensifying");
  await expect(review.locator(".decision-hint")).toContainText(progress.analysis.decision_hint_text);
  await review.getByRole("button", { name: "Record review" }).click();
  await expect(review.getByLabel("Decision")).toHaveAttribute("aria-invalid", "true");
  await review.getByLabel("Review date").fill("2026-10-06");
  await review.getByLabel("Decision").selectOption("intensify");
  await review.getByLabel("Notes").fill("Slower than the aim line: more minutes (browser test)");
  await review.getByRole("button", { name: "Record review" }).click();
  await expect(page.getByRole("status")).toHaveText("Review of Oct 6, 2026 recorded: Intensify (tier up).");

  // The plan shows it: the review in the list, and the tier raised.
  const reviews = page.getByRole("region", { name: "Reviews list" });
  await expect(reviews).toContainText("Intensify (tier up)");
  await expect(reviews).toContainText("Tier 2 → 3");
  await expect(reviews).toContainText("4 points, latest 25 on Oct 5, 2026");
  await expect(page.locator(".case-header").first()).toContainText("Tier 3");
  await expectNoAxeViolations(page);
  const saved = await apiGet<{ items: Review[] }>(request, "highInterventionist", `/api/v1/plans/${planId}/reviews`);
  expect(saved.items).toEqual([expect.objectContaining({ decision: "intensify", tier_before: 2, tier_after: 3 })]);

  // Archiving stops progress and reviews; restoring brings the forms back.
  await page.getByRole("button", { name: "Archive plan" }).click();
  await expect(page.getByRole("status")).toHaveText("Plan archived.");
  await expect(page.getByText("This plan is archived")).toBeVisible();
  await expect(page.getByRole("form", { name: "New review" })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Restore plan" }).click();
  await expect(page.getByRole("status")).toHaveText("Plan restored.");
  await expect(page.getByRole("form", { name: "New review" })).toBeVisible();

  // Editing the plan: the same fields as New plan, filled in with the plan; the page says so.
  await page.getByRole("link", { name: "Edit plan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Edit plan");
  await expect(page.getByLabel("Measure")).toHaveValue("Digits correct");
  await page.getByLabel("Skill").fill("Multi-digit subtraction (edited)");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByRole("status")).toHaveText("Plan saved.");
  await expect(page.locator(".case-header").first()).toContainText("Multi-digit subtraction (edited)");
  const edited = await apiGet<{ skill: string; goal: { target: number } }>(
    request,
    "highInterventionist",
    `/api/v1/plans/${planId}`,
  );
  expect(edited.skill).toBe("Multi-digit subtraction (edited)");
  expect(edited.goal.target).toBe(40);

  // The student's profile charts the same progress with the plan.
  await page.getByRole("heading", { level: 1 }).getByRole("link").click();
  await expect(page).toHaveURL(/\/students\/\d+$/);
  const plan = page.locator(`li:has(a[href="/plans/${planId}"])`);
  await expect(plan.locator("figure.chart .recharts-line-dot")).toHaveCount(4);
  await expectNoAxeViolations(page);
});

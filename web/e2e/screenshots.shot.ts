// `make screenshots`: the main screens, with the demo district's records, saved to
// docs/screenshots/ (the README shows two of them).
import type { APIRequestContext, Page } from "@playwright/test";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { apiGet, expect, openAs, test } from "./fixtures";
import type { UserKey } from "./users";

const folder = resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/screenshots");

type Items = { items: { id: number }[] };

async function firstId(request: APIRequestContext, user: UserKey, path: string): Promise<number> {
  const id = (await apiGet<Items>(request, user, path)).items[0]?.id;
  if (!id) throw new Error("nothing at " + path);
  return id;
}

// A plan with a few progress points, so that its chart has something to show.
async function chartedPlan(request: APIRequestContext): Promise<number> {
  const plans = await apiGet<Items>(request, "districtAdmin", "/api/v1/plans?status=active&limit=100");
  for (const plan of plans.items) {
    const progress = await apiGet<{ points: unknown[] }>(request, "districtAdmin", `/api/v1/plans/${plan.id}/progress`);
    if (progress.points.length >= 4) return plan.id;
  }
  throw new Error("no plan of the demo has four progress points");
}

// Opens a screen and waits until what it loads has arrived.
async function shoot(page: Page, user: UserKey, path: string, name: string): Promise<void> {
  await openAs(page, user, path);
  await expect(page.locator("main h1")).toBeVisible();
  await expect(page.locator("main").getByText(/^Loading/)).toHaveCount(0);
  await page.screenshot({ path: `${folder}/${name}.png`, fullPage: true });
}

test("screenshots of the main screens", async ({ page, request }) => {
  test.setTimeout(300_000);
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to Trellis" })).toBeVisible();
  await page.screenshot({ path: `${folder}/sign-in.png`, fullPage: true });

  await shoot(page, "districtAdmin", "/cases", "dashboard");
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot({ path: `${folder}/dashboard.png`, fullPage: true });
  await page.getByRole("button", { name: "Tools" }).click();
  await page.screenshot({ path: `${folder}/menu.png` });
  await page.keyboard.press("Escape");

  const caseId = await firstId(request, "districtAdmin", "/api/v1/cases?limit=1");
  await shoot(page, "districtAdmin", `/cases/${caseId}`, "case");
  const plan = await chartedPlan(request);
  await shoot(page, "districtAdmin", `/plans/${plan}`, "plan");
  const student = (await apiGet<{ student: { id: number } }>(request, "districtAdmin", `/api/v1/plans/${plan}`)).student
    .id;
  await shoot(page, "districtAdmin", `/students/${student}`, "student");
  await shoot(page, "middleCounselor", "/meetings?view=week", "meetings-week");
  const group = await firstId(request, "districtAdmin", "/api/v1/intervention-groups?limit=1");
  await shoot(page, "districtAdmin", `/groups/${group}`, "group");
  const form = await firstId(request, "districtAdmin", "/api/v1/forms?limit=1");
  await shoot(page, "districtAdmin", `/forms/${form}/edit`, "form-builder");
  await shoot(page, "highTeacher", "/tasks", "my-tasks");
  await shoot(page, "districtAdmin", "/admin/case-management", "case-management-dictionary");
  await shoot(page, "districtAdmin", "/admin/audit", "audit");

  await openAs(page, "highTeacher");
  const search = page.getByRole("searchbox", { name: "Search students" });
  await search.fill("a");
  await search.pressSequentially("b");
  await expect(page.getByRole("region", { name: "Student search results" })).toBeVisible();
  await page.screenshot({ path: `${folder}/student-search.png` });
});

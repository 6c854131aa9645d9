import { apiGet, expect, openAs, test } from "./fixtures";

// The browser runs in another zone (playwright.config.ts) than the district's, which the
// server is told (--time-zone America/Chicago): the UI must show the district's clock.
test("times are shown in the district's time zone, not the browser's", async ({ page, request }) => {
  type Cases = { items: { id: number; opened_at: string }[] };
  const cases = await apiGet<Cases>(request, "districtAdmin", "/api/v1/cases?limit=1");
  const found = cases.items[0];
  if (!found) throw new Error("the demo district has no cases");
  const inChicago = new Intl.DateTimeFormat("en-US", {
    timeZone: "America/Chicago",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(found.opened_at));

  await openAs(page, "districtAdmin", `/cases/${found.id}`);
  await expect(page.getByRole("heading", { name: "Why is this case open?" })).toBeVisible();
  await expect(page.locator(".case-header")).toContainText(inChicago);
});

import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, openAs, test } from "./fixtures";

const folder = resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/screenshots");
const shot = (name: string) => ({ path: `${folder}/${name}.png`, fullPage: true });

test("screenshots of the screens built so far", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to Trellis" })).toBeVisible();
  await page.screenshot(shot("sign-in"));

  await openAs(page, "districtAdmin");
  await expect(page.getByRole("region", { name: "Cases" }).locator("tbody tr").first()).toBeVisible();
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot(shot("dashboard"));

  await page.getByRole("button", { name: "Tools" }).click();
  await page.screenshot({ path: `${folder}/menu.png` });
  await page.keyboard.press("Escape");

  await page.getByRole("region", { name: "Cases" }).locator("tbody tr th a").first().click();
  await expect(page.getByRole("heading", { name: "Why is this case open?" })).toBeVisible();
  await page.screenshot(shot("case"));

  await openAs(page, "highTeacher");
  await page.getByRole("searchbox", { name: "Search students" }).fill("a");
  await page.getByRole("searchbox", { name: "Search students" }).pressSequentially("b");
  await expect(page.getByRole("region", { name: "Student search results" })).toBeVisible();
  await page.screenshot({ path: `${folder}/student-search.png` });
});

// A newcomer opens claimcheck: the article list renders and responds once hydrated.
import { test, expect } from "@playwright/test";
import { openHydrated } from "./helpers";

test("the article list loads and the order toggle works after hydration", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await openHydrated(page, "/");
  await expect(page.getByRole("heading", { level: 1, name: "Articles" })).toBeVisible();

  const toggle = page.getByRole("button", { name: /first/ });
  await expect(toggle).toHaveText("Newest first");
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(toggle).toHaveText("Oldest first");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  expect(errors).toEqual([]);
});

test("the page is readable with JavaScript disabled", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Articles" })).toBeVisible();
  await context.close();
});

test("on a phone the pages fit the screen and the account links are in view", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  for (const path of ["/", "/login", "/factchecks"]) {
    await openHydrated(page, path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} scrolls sideways`).toBeLessThanOrEqual(375);
    await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeInViewport();
    await expect(page.getByRole("link", { name: "Create account" }).first()).toBeInViewport();
  }
  await context.close();
});

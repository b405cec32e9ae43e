// The crowd's daily loop: a reviewer works through the review queue with the keyboard (open a
// claim, add a source, vote, `n` for the next), and a signed-out reader asks for a check.
import { test, expect, Page, APIRequestContext } from "@playwright/test";
import { openHydrated, register } from "./helpers";

const run = Date.now().toString(36);

const ARTICLE = [
  "The lighthouse keepers logged 1,340 storm hours on the island last year, the coastguard said on Tuesday.",
  "",
  "That was 18% more than in 2021, and the harbour closed on 42 days.",
  "",
  "About 2,500 residents rely on the ferry, which carried 96,000 passengers in 2023.",
].join("\n");

/** Submits the article through the API with the page's session; returns its id and claim ids. */
async function submit(request: APIRequestContext, title: string) {
  const r = await request.post("/api/articles", { data: { title, body: ARTICLE } });
  expect(r.status()).toBe(201);
  const article = await r.json();
  expect(article.claims.length).toBeGreaterThanOrEqual(2);
  return { id: article.id as number, claims: article.claims.map((c: { id: number }) => c.id) as number[] };
}

test("a reviewer works through the queue with the keyboard", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await register(page, `quinn_${run}`);
  const article = await submit(page.request, `Storm hours ${run}`);

  // The article page says how many claims need this reviewer's vote and starts the queue there.
  await openHydrated(page, `/articles/${article.id}`);
  await expect(page.getByTestId("queue-progress")).toContainText(`${article.claims.length} claims need your vote`);
  await expect(page.getByTestId("review-link").locator(".count-badge")).toBeVisible();
  await page.getByRole("link", { name: "Review them" }).click();
  await expect(page).toHaveURL(new RegExp(`/review\\?article=${article.id}$`));
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const entries = page.locator(".queue-entry");
  await expect(entries).toHaveCount(article.claims.length);
  await expect(entries.first().locator(".in-sentence mark")).toBeVisible();

  // n opens the first claim in place; s goes to the source form; Enter adds the source.
  await page.locator("h1").click();
  await page.keyboard.press("n");
  const first = entries.first();
  await expect(first).toHaveClass(/selected/);
  const panel = first.locator(".claim-panel");
  await expect(panel.locator(".statement")).toBeVisible();
  await expect(panel).toBeFocused();
  await expect(panel.locator(".vote-verified")).toBeVisible();
  await page.keyboard.press("s");
  await expect(page.locator("#source-url")).toBeFocused();
  await page.keyboard.type("https://coastguard.example/storms-2023");
  await page.keyboard.press("Enter");
  await expect(panel.locator(".sources li")).toHaveCount(1);

  // v votes verified with the ticked source; the entry is marked done.
  const badge = page.getByTestId("review-link").locator(".count-badge");
  const waitingBefore = Number(await badge.textContent());
  await expect(page.getByTestId("queue-total")).toHaveText(`${article.claims.length} waiting`);
  await page.locator("h1").click();
  await page.keyboard.press("v");
  await expect(first.locator(".done-badge")).toBeVisible();
  await expect(panel.locator(".votes li", { hasText: `quinn_${run}` })).toBeVisible();
  // The page's total and the header's badge follow the vote without a reload.
  await expect(page.getByTestId("queue-total")).toHaveText(`${article.claims.length - 1} waiting`);
  await expect(badge).toHaveText(String(waitingBefore - 1));

  // n moves to the next claim.
  await page.locator("h1").click();
  await page.keyboard.press("n");
  await expect(entries.nth(1)).toHaveClass(/selected/);
  await expect(entries.nth(1).locator(".claim-panel .statement")).toBeVisible();

  // Reloaded, the queue no longer holds the claim voted on.
  await openHydrated(page, `/review?article=${article.id}`);
  await expect(page.locator(".queue-entry")).toHaveCount(article.claims.length - 1);
  // So does the article page's count.
  await openHydrated(page, `/articles/${article.id}`);
  await expect(page.getByTestId("queue-progress")).toContainText(`${article.claims.length - 1} claim`);
  expect(errors).toEqual([]);
});

test("the claim panel opens beside the text on wide screens and under its paragraph on narrow ones", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await register(page, `wren_${run}`);
  const article = await submit(page.request, `Panel place ${run}`);
  const last = article.claims[article.claims.length - 1];

  await page.setViewportSize({ width: 1280, height: 800 });
  await openHydrated(page, `/articles/${article.id}`);
  await page.locator(`mark[data-claim="${last}"]`).click();
  const side = page.locator(".side-column > .claim-panel");
  await expect(side.locator(".statement")).toBeVisible();
  await expect(side).toBeFocused();
  // It stays in view while the article scrolls.
  await page.mouse.wheel(0, 2000);
  await expect(side).toBeInViewport();

  await page.setViewportSize({ width: 700, height: 900 });
  const inText = page.locator(".article-body > .claim-panel");
  await expect(inText.locator(".statement")).toBeVisible();
  await expect(page.locator(".side-column > .claim-panel")).toHaveCount(0);
  // Right after the paragraph that holds the claim.
  const before = inText.locator("xpath=preceding-sibling::div[1]");
  await expect(before.locator(`mark[data-claim="${last}"]`)).toHaveCount(1);
  expect(errors).toEqual([]);
});

test("a signed-out reader asks for a check, once", async ({ browser }) => {
  const author = await browser.newContext();
  const authorPage = await author.newPage();
  await register(authorPage, `rhea_${run}`);
  const article = await submit(authorPage.request, `Ferry counts ${run}`);
  const claim = article.claims[article.claims.length - 1];

  const reader = await browser.newContext();
  const page = await reader.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await openHydrated(page, `/articles/${article.id}?claim=${claim}`);
  const box = page.locator(".claim-panel").getByTestId("check-requests");
  await expect(box).toContainText("No reader has asked for a check yet.");
  await box.getByRole("button", { name: "Ask for a check" }).click();
  await expect(box.getByTestId("request-count")).toHaveText("1 reader asked for a check.");
  await expect(box.getByRole("status")).toContainText("You asked for a check");

  // The browser is remembered: no second button after a reload.
  await openHydrated(page, `/articles/${article.id}?claim=${claim}`);
  await expect(box.getByTestId("request-count")).toHaveText("1 reader asked for a check.");
  await expect(box.getByRole("button", { name: "Ask for a check" })).toHaveCount(0);
  expect(errors).toEqual([]);

  // The request raises the claim to the top of the author's queue.
  await openHydrated(authorPage, `/review?article=${article.id}`);
  const top = authorPage.locator(".queue-entry").first();
  await expect(top).toHaveAttribute("data-queue-entry", String(claim));
  await expect(top.locator(".reason")).toHaveText("readers asked");
  await author.close();
  await reader.close();
});

test("without JavaScript a reader still asks for a check from the claim's page", async ({ browser }) => {
  const author = await browser.newContext();
  const authorPage = await author.newPage();
  await register(authorPage, `sol_${run}`);
  const article = await submit(authorPage.request, `Plain form ${run}`);
  const claim = article.claims[0];
  await author.close();

  const reader = await browser.newContext({ javaScriptEnabled: false });
  const page = await reader.newPage();
  await page.goto(`/claims/${claim}`);
  const box = page.getByTestId("check-requests");
  await expect(box.getByTestId("request-count")).toHaveText("No reader has asked for a check yet.");
  await box.getByRole("button", { name: "Ask for a check" }).click();
  await expect(page).toHaveURL(new RegExp(`/claims/${claim}`));
  await expect(page.getByTestId("form-done")).toHaveText("Your request for a check is counted.");
  await expect(box.getByTestId("request-count")).toHaveText("1 reader asked for a check.");
  await expect(box.getByRole("button", { name: "Ask for a check" })).toHaveCount(0);
  await reader.close();
});

test("on a phone a signed-in reviewer's pages fit the screen", async ({ page }) => {
  await register(page, `pia_${run}`);
  const article = await submit(page.request, `Phone width ${run}`);
  await page.setViewportSize({ width: 375, height: 740 });
  for (const path of ["/", `/articles/${article.id}`, `/articles/${article.id}?claim=${article.claims[0]}`, "/review"]) {
    await openHydrated(page, path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} scrolls sideways`).toBeLessThanOrEqual(375);
  }
});

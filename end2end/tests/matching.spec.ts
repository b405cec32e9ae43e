// "Previously checked": an admin imports a fact-check from the command line; a reviewer submits an
// article restating it, finds it in the claim panel with its rating, confirms it as the same claim,
// and uses it as a source for a vote (the verdict stays the reviewer's to choose).
import { test, expect } from "@playwright/test";
import { execFileSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { openHydrated, signedUp } from "./helpers";

const run = Date.now().toString(36);
const CHECK_URL = `https://facts.example/harlow-footbridge-${run}`;

const ARTICLE = [
  "Updated 09:12 BST",
  "",
  "  Budget papers released on Monday show that the Harlow footbridge cost Riverside council $12 million.",
  "",
  "  The council said the crossing would open to cyclists in the spring.",
  "",
  "Share this article",
].join("\n");

/** Imports one ClaimReview the way an operator would: the command line, on the server's database. */
function importCheck() {
  const dir = mkdtempSync(join(tmpdir(), "cc-e2e-"));
  const file = join(dir, "review.json");
  writeFileSync(
    file,
    JSON.stringify({
      "@type": "ClaimReview",
      url: CHECK_URL,
      claimReviewed: "Riverside council spent 12 million dollars on the new Harlow footbridge.",
      author: { name: "Valley Fact Desk" },
      datePublished: "2024-05-02",
      reviewRating: { alternateName: "Mostly true", ratingValue: 4 },
    }),
  );
  execFileSync(process.env.E2E_BIN!, ["factchecks", "import", file], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL! },
  });
}

test("a restated claim shows its earlier fact-check, which a reviewer confirms and uses as a source", async ({ browser }) => {
  importCheck();
  const reviewer = await signedUp(browser, `fc_${run}`);
  await openHydrated(reviewer, "/submit");
  await reviewer.getByLabel("Title").fill(`Footbridge ${run}`);
  await reviewer.getByLabel("Article text").fill(ARTICLE);
  await reviewer.getByRole("button", { name: "Submit and extract claims" }).click();
  await expect(reviewer).toHaveURL(/\/articles\/\d+/);
  await expect(reviewer.locator("body")).toHaveAttribute("data-hydrated", "true");

  await reviewer.locator(".claim-row", { hasText: "footbridge" }).first().click();
  const box = reviewer.getByTestId("previously-checked");
  await expect(box).toBeVisible();
  const match = box.getByTestId("match").filter({ has: reviewer.locator(`a[href="${CHECK_URL}"]`) });
  await expect(match).toContainText("Mostly true");
  await expect(match).toContainText("Valley Fact Desk");
  await expect(match).toContainText("2024-05-02");
  await expect(match).toContainText("closeness");
  await expect(match.getByTestId("differ")).toHaveCount(0);

  await match.getByRole("button", { name: "Same claim" }).click();
  await expect(match).toContainText("same claim");
  await expect(match.getByRole("button", { name: "Same claim" })).toHaveCount(0);

  await match.getByRole("button", { name: "Use this check" }).click();
  const source = reviewer.locator(".claim-panel .sources li", { hasText: "Fact-check: Mostly true" });
  await expect(source).toBeVisible();
  await expect(source.locator(`a[href="${CHECK_URL}"]`)).toBeVisible();
  // The source is ticked for the vote, and the verdict is still the reviewer's to cast.
  await expect(source.getByLabel("Cite this source in my vote")).toBeChecked();
  await expect(reviewer.getByRole("button", { name: "Verified", exact: true })).toBeEnabled();
  await expect(reviewer.locator(".claim-panel")).toContainText("You have not voted on this claim.");

  // The confirmation is in the claim's history.
  await reviewer.locator(".claim-panel .history summary").click();
  await expect(reviewer.locator(".claim-panel .history")).toContainText("match confirmed");
});

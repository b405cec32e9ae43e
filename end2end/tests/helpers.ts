// Shared steps for the journeys.
import { expect, Browser, Page } from "@playwright/test";
import { execFileSync } from "child_process";

/** Opens a page and waits until the WASM has hydrated it, so clicks land on live handlers. */
export async function openHydrated(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** The password the journeys register reviewers with. */
export const PASSWORD = "correct horse battery";

/** Registers a reviewer through the form and waits until the header names them (signed in). */
export async function register(page: Page, name: string) {
  await openHydrated(page, "/register");
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("username")).toHaveText(name);
}

/**
 * Fills and submits the registration form at `path` (default `/register`; `/register?invite=…`
 * for an invitation) in a browser context of its own, and returns its page. The caller checks
 * the outcome: the header names the user, or an alert says why not.
 */
export async function signUp(browser: Browser, name: string, path = "/register"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await openHydrated(page, path);
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  return page;
}

/** [`signUp`], then waits until the header names the new user (signed in). */
export async function signedUp(browser: Browser, name: string): Promise<Page> {
  const page = await signUp(browser, name);
  await expect(page.getByTestId("username")).toHaveText(name);
  return page;
}

/** Makes `name` an admin the way an operator would: the command line, on the server's database. */
export function promote(name: string) {
  execFileSync(process.env.E2E_BIN!, ["user", "promote", name, "--reason", "end-to-end set-up"], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL! },
  });
}

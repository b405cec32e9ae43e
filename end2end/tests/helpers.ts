// Shared steps for the journeys.
import { expect, Page } from "@playwright/test";

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

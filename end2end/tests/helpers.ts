// Shared steps for the journeys.
import { expect, Page } from "@playwright/test";

/** Opens a page and waits until the WASM has hydrated it, so clicks land on live handlers. */
export async function openHydrated(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

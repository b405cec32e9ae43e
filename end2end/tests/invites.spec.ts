// Registration by invitation: an admin creates an invitation on the accounts page, a new user
// registers with the link (and starts with the standing it grants), and a second use of the same
// link is refused with a message that says why.
import { test, expect } from "@playwright/test";
import { openHydrated, promote, signUp } from "./helpers";

const run = Date.now().toString(36);

test("an invitation registers one trusted reviewer and is refused the second time", async ({ browser }) => {
  const bossName = `boss_i${run}`;
  const admin = await signUp(browser, bossName);
  await expect(admin.getByTestId("username")).toHaveText(bossName);
  promote(bossName);

  await openHydrated(admin, "/admin/users");
  const form = admin.getByTestId("invite-form");
  await form.getByLabel("trusted reviewer").check();
  await form.getByRole("button", { name: "Create invitation" }).click();
  const link = admin.getByTestId("invite-link");
  await expect(link).toBeVisible();
  const url = new URL((await link.textContent())!.trim());
  expect(url.pathname).toBe("/register");
  const token = url.searchParams.get("invite")!;
  expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
  await expect(admin.getByTestId("invite-row").filter({ hasText: token })).toContainText("open");

  // The invited person registers with the link and is a trusted reviewer at once.
  const guestName = `guest_${run}`;
  const guest = await signUp(browser, guestName, `/register?invite=${token}`);
  await expect(guest.getByTestId("username")).toHaveText(guestName);
  const me = await guest.request.get("/api/auth/me");
  expect((await me.json()).standing).toBe("trusted");

  // Someone else tries the same link: refused, and told why.
  const late = await signUp(browser, `late_${run}`, `/register?invite=${token}`);
  await expect(late.getByRole("alert")).toContainText("already been used");
  await expect(late.getByTestId("username")).toHaveCount(0);

  // The admin sees the invitation as used, by whom.
  await openHydrated(admin, "/admin/users");
  const row = admin.getByTestId("invite-row").filter({ hasText: token });
  await expect(row).toContainText("used");
  await expect(row).toContainText(guestName);
});

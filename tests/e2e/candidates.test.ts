// End to end in Chromium: sign in, accept a candidate on the framework's page,
// see it move from the similarity list to its typed group, find it on
// /activity, undo it there, and see the page as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCurator } from "../../lib/auth/curators";
import { appUrl, artifactPath, browserSuite } from "../helpers/browser";

const FRAMEWORK = "framework:a-mathematical-framework-for-transformer-circuits";
const TRANSFORMER = "concept:transformer";
const PASSWORD = "an end-to-end password";

describe("curating a candidate in the browser", () => {
  const browser = browserSuite({ beforeAll, afterAll }, () => addCurator("e2e curator", { password: PASSWORD }));

  it("signs in, accepts on the framework's page, sees it in /activity, and undoes it", async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const entityUrl = `${appUrl()}/entities/${encodeURIComponent(FRAMEWORK)}`;
    try {
      // Signed out: the list reads, and invites to sign in instead of offering forms.
      await page.goto(entityUrl);
      await expect(page.getByRole("heading", { name: "Related by similarity (8)" }).count()).resolves.toBe(1);
      await expect(page.getByRole("button", { name: "Add edge" }).count()).resolves.toBe(0);

      await page.goto(`${appUrl()}/signin?next=${encodeURIComponent(`/entities/${encodeURIComponent(FRAMEWORK)}`)}`);
      await page.getByLabel("Name").fill("e2e curator");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/entities\/framework%3Aa-mathematical/);
      await page.getByText("Signed in as e2e curator").waitFor();

      const item = page.locator(`#similar > li[data-entity-id="${TRANSFORMER}"]`);
      await expect(item.count()).resolves.toBe(1);
      await expect(page.locator(`#group-concept li[data-entity-id="${TRANSFORMER}"]`).count()).resolves.toBe(0);
      await item.locator('select[name="relation"]').selectOption("studies");
      await item.locator('select[name="direction"]').selectOption("out");
      await item.locator('input[name="note"]').fill("The framework is a study of the transformer <b>itself</b>");
      await item.getByRole("button", { name: "Add edge" }).click();
      await page.getByText(/^Edge added: /).waitFor();

      await expect(page.getByRole("heading", { name: "Related by similarity (7)" }).count()).resolves.toBe(1);
      await expect(page.locator(`#similar li[data-entity-id="${TRANSFORMER}"]`).count()).resolves.toBe(0);
      await expect(page.getByRole("heading", { name: "Concepts (5)" }).count()).resolves.toBe(1);
      const moved = page.locator(`#group-concept li[data-entity-id="${TRANSFORMER}"]`);
      await expect(moved.count()).resolves.toBe(1);
      expect(await moved.locator(".relation").allInnerTexts()).toEqual(["this studies →"]);
      await page.screenshot({ path: artifactPath("candidate-accepted.png"), fullPage: true });

      await page.getByRole("link", { name: "Activity" }).click();
      await page.waitForURL(/\/activity/);
      const entry = page.locator('li[data-action="accept"]').first();
      await expect(entry.innerText()).resolves.toMatch(/e2e curator\s+added\s+A Mathematical Framework for Transformer Circuits\s+studies\s+Transformer\s/);
      await expect(entry.getByText("Note: The framework is a study of the transformer <b>itself</b>").count()).resolves.toBe(1);
      await entry.getByRole("button", { name: "Undo" }).click();
      await page.getByText("Undone (accept).").waitFor();
      await expect(page.locator('li[data-action="undo"]').count()).resolves.toBe(1);
      await expect(page.locator('li[data-action="accept"]').getByRole("button", { name: "Undo" }).count()).resolves.toBe(0);
      await page.screenshot({ path: artifactPath("activity-undone.png"), fullPage: true });

      await page.goto(entityUrl);
      await expect(page.getByRole("heading", { name: "Related by similarity (8)" }).count()).resolves.toBe(1);
      await expect(page.getByRole("heading", { name: "Concepts (4)" }).count()).resolves.toBe(1);
      await expect(page.locator(`#similar li[data-entity-id="${TRANSFORMER}"]`).count()).resolves.toBe(1);
    } finally {
      await page.close();
    }
  });
});

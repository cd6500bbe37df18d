import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, DEMO_KEY, requireBuiltBin, startBin, type RunningBin } from './bin.helper.ts';
import { openBrowser, openDemoInbox, screenshot, type Browser } from './browser.helper.ts';

// Each payload, if it ever ran, would set window.__pwned and call a /pwned route we can observe.
const NAME_PAYLOAD =
  `<img src=x onerror="window.__pwned='name-img';fetch('/pwned/name-img')">` +
  `<script>window.__pwned='name-script';fetch('/pwned/name-script')</script>`;
const PROPERTY_PAYLOAD =
  `<script>window.__pwned='property-script';fetch('/pwned/property-script')</script>` +
  `<svg onload="fetch('/pwned/property-svg')"></svg><img src=y onerror="fetch('/pwned/property-img')">`;

let bin: RunningBin;
let browser: Browser;
let page: Page;
const pwnedRequests: string[] = [];

beforeAll(async () => {
  requireBuiltBin();
  bin = await startBin(['--port', '0']);
  browser = await openBrowser();
  browser.context.on('request', (request) => {
    if (request.url().includes('/pwned')) pwnedRequests.push(request.url());
  });
  page = await browser.context.newPage();
  const sends = [
    {
      path: '/campaigns/trigger/send',
      body: {
        campaign_id: 'order-confirmation',
        trigger_properties: { order_id: PROPERTY_PAYLOAD },
        recipients: [{ external_user_id: 'mallory', send_to_existing_only: false, attributes: { first_name: NAME_PAYLOAD, email: 'm@example.com', push_tokens: ['t'] } }],
      },
    },
    { path: '/campaigns/trigger/send', body: { campaign_id: 'delivery-update', trigger_properties: { order_id: PROPERTY_PAYLOAD }, recipients: [{ external_user_id: 'mallory' }] } },
    { path: '/canvas/trigger/send', body: { canvas_id: 'onboarding', context: { step: PROPERTY_PAYLOAD }, recipients: [{ external_user_id: 'mallory' }] } },
  ];
  for (const { path, body } of sends) expect((await call(bin.url, 'POST', path, DEMO_KEY, body)).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await bin?.stop();
});

async function expectNothingRan(): Promise<void> {
  // Give any loaded payload time to fire before looking.
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(pwnedRequests).toEqual([]);
  expect(bin.logs().filter((line) => String(line.path).startsWith('/pwned'))).toEqual([]);
  // Markup from messages never becomes elements of the page itself.
  expect(await page.locator('body img, body svg').count()).toBe(0);
  expect(await page.locator('script').count()).toBe(1);
}

const rows = () => page.locator('#message-list li.message');
const preview = () => page.locator('#preview');

describe('untrusted content in the inbox', () => {
  it('shows script and onerror payloads in the list as text, and runs none', async () => {
    await openDemoInbox(page, bin.url);
    await expect.poll(() => rows().count()).toBe(3);
    const subjects = await rows().locator('.subject').allTextContents();
    expect(subjects).toEqual(expect.arrayContaining([`Order ${PROPERTY_PAYLOAD} confirmed`, `Order ${PROPERTY_PAYLOAD}`, `Welcome, ${NAME_PAYLOAD}`]));
    await page.getByLabel('Search').fill('<script>');
    await expect.poll(() => page.locator('#message-list li.message:visible').count()).toBe(3);
    await page.getByLabel('Search').fill('');
    await expectNothingRan();
  });

  it('runs nothing in any tab of the email', async () => {
    await rows().filter({ hasText: 'confirmed' }).click();
    await expect.poll(() => preview().locator('.preview-subject').textContent()).toBe(`Order ${PROPERTY_PAYLOAD} confirmed`);

    const frame = preview().locator('iframe.email-frame');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await expect.poll(() => page.frameLocator('#preview iframe.email-frame').locator('h1').textContent()).toMatch(/^Thanks, /);
    await screenshot(page, 'inbox-untrusted.png');
    await expectNothingRan();

    await preview().getByRole('tab', { name: 'Text' }).click();
    // The payloads are markup: parsed (inertly) as such, they leave no text behind.
    expect(await preview().locator('.email-text').textContent()).toBe('Thanks, !\n\nYour order is confirmed.');
    await expectNothingRan();

    await preview().getByRole('tab', { name: 'Source' }).click();
    const source = (await preview().locator('.email-source').textContent()) ?? '';
    expect(source).toContain(NAME_PAYLOAD);
    expect(source).toContain(PROPERTY_PAYLOAD);
    await expectNothingRan();

    await preview().getByRole('tab', { name: 'Trigger properties' }).click();
    expect(JSON.parse((await preview().locator('.trigger-properties').textContent()) ?? '')).toEqual({ order_id: PROPERTY_PAYLOAD });
    await expectNothingRan();
    await preview().getByRole('tab', { name: 'HTML' }).click();
  });

  it('runs nothing in the push fields of a campaign and a canvas', async () => {
    await rows().filter({ hasText: 'Welcome' }).click();
    await expect.poll(() => preview().locator('.field-title').textContent()).toBe(`Welcome, ${NAME_PAYLOAD}`);
    expect(await preview().locator('.field-body').textContent()).toContain(PROPERTY_PAYLOAD);
    await rows().filter({ hasNotText: 'Welcome' }).filter({ hasNotText: 'confirmed' }).click();
    await expect.poll(() => preview().locator('.field-title').textContent()).toBe(`Order ${PROPERTY_PAYLOAD}`);
    await expectNothingRan();
  });

  it('runs nothing in the dispatch and user views either', async () => {
    await rows().filter({ hasText: 'confirmed' }).click();
    await preview().locator('.preview-facts a[href^="#/dispatches/"]').click();
    await page.locator('tr.dispatch-recipient').first().waitFor();
    await page.locator('tr.dispatch-recipient').getByRole('link', { name: 'mallory' }).click();
    const firstName = page.locator('tr.attribute', { hasText: 'first_name' });
    await expect.poll(() => firstName.locator('td').nth(1).textContent()).toBe(NAME_PAYLOAD);
    await expectNothingRan();
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, DEMO_KEY, requireBuiltBin, startBin, type RunningBin } from './bin.helper.ts';
import { openBrowser, openInbox, screenshot, type Browser } from './browser.helper.ts';

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

describe('untrusted content in the inbox', () => {
  it('shows script and onerror payloads from first_name and trigger properties as text, and runs none', async () => {
    await openInbox(page, bin.url, DEMO_KEY);
    await expect.poll(() => page.locator('li.message').count()).toBe(3);

    const email = page.locator('li.channel-email');
    expect(await email.locator('h3.subject').textContent()).toBe(`Order ${PROPERTY_PAYLOAD} confirmed`);
    expect(await email.locator('.trigger-properties').textContent()).toContain('<script>');
    const frame = email.locator('iframe.email-frame');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await expect.poll(() => page.frameLocator('li.channel-email iframe').locator('h1').textContent()).toMatch(/^Thanks, /);

    const pushTitles = await page.locator('li.channel-push h3.title').allTextContents();
    expect(pushTitles).toEqual(expect.arrayContaining([`Order ${PROPERTY_PAYLOAD}`, `Welcome, ${NAME_PAYLOAD}`]));
    await screenshot(page, 'inbox-untrusted.png');
    await expectNothingRan();
  });

  it('runs nothing in the dispatch and user views either', async () => {
    await page.locator('li.channel-email').getByRole('link', { name: 'dispatch' }).click();
    await page.locator('tr.dispatch-recipient').first().waitFor();
    await page.locator('tr.dispatch-recipient').getByRole('link', { name: 'mallory' }).click();
    const firstName = page.locator('tr.attribute', { hasText: 'first_name' });
    await expect.poll(() => firstName.locator('td').nth(1).textContent()).toBe(NAME_PAYLOAD);
    await expectNothingRan();
  });
});

import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, DEMO_KEY, requireBuiltBin, startBin, type RunningBin } from './bin.helper.ts';
import { openBrowser, openInbox, screenshot, type Browser } from './browser.helper.ts';

let bin: RunningBin;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  requireBuiltBin();
  bin = await startBin(['--port', '0']);
  browser = await openBrowser();
  page = await browser.context.newPage();
  const sent = await call(bin.url, 'POST', '/campaigns/trigger/send', DEMO_KEY, {
    campaign_id: 'order-confirmation',
    trigger_properties: { order_id: 'o-1001' },
    recipients: [
      { external_user_id: 'zoe', send_to_existing_only: false, attributes: { first_name: 'Zoe', email: 'zoe@example.com' } },
      { external_user_id: 'nobody' },
    ],
  });
  expect(sent.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await bin?.stop();
});

const card = (text: string) => page.locator('li.message', { hasText: text });

describe('the inbox page', () => {
  it('asks for a key, then shows the rendered email with its trigger properties', async () => {
    await openInbox(page, bin.url, DEMO_KEY);
    const order = card('Order o-1001 confirmed');
    await order.waitFor();
    await expect.poll(() => order.locator('.trigger-properties').textContent()).toContain('"order_id": "o-1001"');
    const body = page.frameLocator('li.message iframe.email-frame').first().locator('h1');
    await expect.poll(() => body.textContent()).toBe('Thanks, Zoe!');
    const saved = await screenshot(page, 'inbox.png');
    expect(existsSync(saved)).toBe(true);
  });

  it('adds new messages on top while open, without a reload', async () => {
    const sent = await call(bin.url, 'POST', '/campaigns/trigger/send', DEMO_KEY, {
      campaign_id: 'delivery-update',
      trigger_properties: { order_id: 'o-2002', status: 'out for delivery' },
      recipients: [{ external_user_id: 'ann' }],
    });
    expect(sent.status).toBe(201);
    const push = card('Order o-2002');
    await push.waitFor({ timeout: 5_000 });
    expect(await push.locator('.body-text').textContent()).toBe('Your parcel is out for delivery.');
    expect(await page.locator('li.message').first().getAttribute('data-message-id')).toBe(await push.getAttribute('data-message-id'));
  });

  it('renders an SMS body', async () => {
    const sent = await call(bin.url, 'POST', '/campaigns/trigger/send', DEMO_KEY, {
      campaign_id: 'login-code',
      trigger_properties: { code: '424242' },
      recipients: [{ external_user_id: 'ann' }],
    });
    expect(sent.status).toBe(201);
    const sms = page.locator('li.channel-sms');
    await sms.waitFor({ timeout: 5_000 });
    expect(await sms.locator('.body-text').textContent()).toBe('Your login code is 424242');
  });

  it('filters the list by campaign, user or dispatch', async () => {
    await page.getByLabel('Filter').fill('delivery-update');
    await expect.poll(() => page.locator('li.message:visible').count()).toBe(1);
    expect(await page.locator('li.message:visible .source').textContent()).toBe('campaign delivery-update');
    await page.getByLabel('Filter').fill('');
    await expect.poll(() => page.locator('li.message:visible').count()).toBe(3);
  });

  it("opens a dispatch and shows every recipient's outcome and skip reason", async () => {
    await card('Order o-1001 confirmed').getByRole('link', { name: 'dispatch' }).click();
    await page.locator('#dispatch-view').waitFor({ state: 'visible' });
    const rows = page.locator('tr.dispatch-recipient');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).locator('.outcome').textContent()).toBe('sent');
    expect(await rows.nth(1).locator('.outcome').textContent()).toBe('skipped');
    expect(await rows.nth(1).locator('.reason').textContent()).toBe('user_not_found');
    await screenshot(page, 'inbox-dispatch.png');
  });

  it("opens a user and lists the profile's attributes", async () => {
    await page.locator('tr.dispatch-recipient').nth(0).getByRole('link', { name: 'zoe' }).click();
    await page.locator('#user-view').waitFor({ state: 'visible' });
    const firstName = page.locator('tr.attribute', { hasText: 'first_name' });
    await expect.poll(() => firstName.locator('td').nth(1).textContent()).toBe('Zoe');
    await page.getByRole('link', { name: '← messages' }).click();
    await card('Order o-1001 confirmed').waitFor();
  });

  it('keeps the key for the tab across a reload, and forgets it on request', async () => {
    await page.reload();
    await card('Order o-1001 confirmed').waitFor();
    await page.getByRole('button', { name: 'Forget key' }).click();
    await page.locator('#key-view').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('refuses a key the server does not know', async () => {
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Open inbox' }).click();
    await expect.poll(() => page.locator('#key-error').textContent()).toBe('Invalid API key');
    expect(await page.locator('#messages-view').isHidden()).toBe(true);
  });
});

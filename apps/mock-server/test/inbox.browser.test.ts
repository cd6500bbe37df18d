import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, DEMO_KEY, requireBuiltBin, startBin, tempDir, writeJson, type RunningBin } from './bin.helper.ts';
import { openBrowser, openDemoInbox, openInboxWithKey, screenshot, type Browser } from './browser.helper.ts';

const EMAIL_BODY = '<h1>Thanks, Zoe!</h1><p>Your order <strong>o-1001</strong> is confirmed.</p>';

let bin: RunningBin;
let browser: Browser;
let page: Page;
const requestedUrls: string[] = [];

beforeAll(async () => {
  requireBuiltBin();
  bin = await startBin(['--port', '0']);
  browser = await openBrowser();
  browser.context.on('request', (request) => requestedUrls.push(request.url()));
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

const rows = () => page.locator('#message-list li.message');
const row = (text: string) => page.locator('#message-list li.message', { hasText: text });
const preview = () => page.locator('#preview');

async function send(campaignId: string, triggerProperties: Record<string, string>): Promise<void> {
  const sent = await call(bin.url, 'POST', '/campaigns/trigger/send', DEMO_KEY, {
    campaign_id: campaignId,
    trigger_properties: triggerProperties,
    recipients: [{ external_user_id: 'ann' }],
  });
  expect(sent.status).toBe(201);
}

describe('the inbox page on the demo workspace', () => {
  it('opens without asking for a key', async () => {
    await openDemoInbox(page, bin.url);
    expect(await page.locator('#key-view').isHidden()).toBe(true);
    await expect.poll(() => page.locator('#status').textContent()).toContain('demo workspace');
    expect(requestedUrls.some((url) => url.endsWith('/_mock/health'))).toBe(true);
  });

  it("lists messages newest first with channel, the recipient's address, subject and time", async () => {
    await row('zoe@example.com').waitFor();
    await send('delivery-update', { order_id: 'o-2002', status: 'out for delivery' });
    await send('login-code', { code: '424242' });
    await expect.poll(() => rows().count(), { timeout: 5_000 }).toBe(3);
    const channels = await rows().locator('.badge').allTextContents();
    expect(channels).toEqual(['sms', 'push', 'email']);
    await expect.poll(() => rows().locator('.recipient').allTextContents()).toEqual(['+15555550100', 'demo-push-token', 'zoe@example.com']);
    expect(await rows().locator('.subject').allTextContents()).toEqual(['Your login code is 424242', 'Order o-2002', 'Order o-1001 confirmed']);
    for (const time of await rows().locator('time').all()) {
      expect(Number.isNaN(Date.parse((await time.getAttribute('datetime')) ?? ''))).toBe(false);
      expect(await time.textContent()).not.toBe('');
    }
  });

  it("shows an email's HTML, text, source and trigger properties in four tabs", async () => {
    await row('Order o-1001 confirmed').click();
    await expect.poll(() => preview().locator('.preview-subject').textContent()).toBe('Order o-1001 confirmed');
    expect(page.url()).toMatch(/#\/messages\/.+/);
    expect(await preview().locator('.preview-to').textContent()).toBe('zoe@example.com');
    expect(await preview().getByRole('tab').allTextContents()).toEqual(['HTML', 'Text', 'Source', 'Trigger properties']);

    const html = page.frameLocator('#preview iframe.email-frame').locator('h1');
    await expect.poll(() => html.textContent()).toBe('Thanks, Zoe!');
    expect(await preview().locator('iframe.email-frame').getAttribute('sandbox')).toBe('');
    const saved = await screenshot(page, 'inbox.png');
    expect(existsSync(saved)).toBe(true);

    await preview().getByRole('tab', { name: 'Text' }).click();
    expect(await preview().locator('.email-text').innerText()).toBe('Thanks, Zoe!\n\nYour order o-1001 is confirmed.');
    expect(await preview().locator('iframe.email-frame').isVisible()).toBe(false);

    await preview().getByRole('tab', { name: 'Source' }).click();
    expect(await preview().locator('.email-source').textContent()).toBe(EMAIL_BODY);
    expect(await preview().locator('h1, strong').count()).toBe(0);
    await screenshot(page, 'inbox-source.png');

    await preview().getByRole('tab', { name: 'Trigger properties' }).click();
    expect(JSON.parse((await preview().locator('.trigger-properties').textContent()) ?? '')).toEqual({ order_id: 'o-1001' });
    expect(await preview().getByRole('tab', { name: 'Trigger properties' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight'); // the tabs wrap around, as a tablist does
    expect(await preview().getByRole('tab', { name: 'HTML' }).getAttribute('aria-selected')).toBe('true');
    expect(await preview().locator('iframe.email-frame').isVisible()).toBe(true);
  });

  it("shows a push's and an SMS's fields", async () => {
    await row('Order o-2002').click();
    await expect.poll(() => preview().locator('.field-title').textContent()).toBe('Order o-2002');
    expect(await preview().locator('.field-body').textContent()).toBe('Your parcel is out for delivery.');
    expect(await preview().locator('.preview-to').textContent()).toBe('demo-push-token');
    expect(await preview().getByRole('tab').count()).toBe(0);
    expect(JSON.parse((await preview().locator('.trigger-properties').textContent()) ?? '')).toEqual({ order_id: 'o-2002', status: 'out for delivery' });

    await row('Your login code').click();
    await expect.poll(() => preview().locator('.field-body').textContent()).toBe('Your login code is 424242');
    expect(await preview().locator('.preview-to').textContent()).toBe('+15555550100');
  });

  it('moves through the list with the arrow keys', async () => {
    await page.locator('#message-list li.message.selected a').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => preview().locator('.preview-subject').textContent()).toBe('Order o-2002');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => preview().locator('.preview-subject').textContent()).toBe('Your login code is 424242');
  });

  it('searches subject, body and recipient of what it has fetched', async () => {
    const search = page.getByLabel('Search');
    const visibleSubjects = () => page.locator('#message-list li.message:visible .subject').allTextContents();
    await search.fill('parcel'); // push body
    await expect.poll(visibleSubjects).toEqual(['Order o-2002']);
    await search.fill('ZOE@example'); // email recipient, any case
    await expect.poll(visibleSubjects).toEqual(['Order o-1001 confirmed']);
    await search.fill('is confirmed'); // email body text
    await expect.poll(visibleSubjects).toEqual(['Order o-1001 confirmed']);
    await search.fill('order o-2002'); // every word must match
    await expect.poll(visibleSubjects).toEqual(['Order o-2002']);
    await search.fill('no-such-thing');
    await expect.poll(visibleSubjects).toEqual([]);
    expect(await page.locator('#messages-no-match').isVisible()).toBe(true);
    await search.fill('');
    await expect.poll(() => visibleSubjects().then((subjects) => subjects.length)).toBe(3);
  });

  it("opens a dispatch and shows every recipient's outcome and skip reason", async () => {
    await row('Order o-1001 confirmed').click();
    await preview().locator('.preview-facts a[href^="#/dispatches/"]').click();
    await page.locator('#dispatch-view').waitFor({ state: 'visible' });
    const recipients = page.locator('tr.dispatch-recipient');
    await expect.poll(() => recipients.count()).toBe(2);
    expect(await recipients.nth(0).locator('.outcome').textContent()).toBe('sent');
    expect(await recipients.nth(1).locator('.outcome').textContent()).toBe('skipped');
    expect(await recipients.nth(1).locator('.reason').textContent()).toBe('user_not_found');
    await screenshot(page, 'inbox-dispatch.png');
  });

  it("opens a user and lists the profile's attributes", async () => {
    await page.locator('tr.dispatch-recipient').nth(0).getByRole('link', { name: 'zoe' }).click();
    await page.locator('#user-view').waitFor({ state: 'visible' });
    const firstName = page.locator('tr.attribute', { hasText: 'first_name' });
    await expect.poll(() => firstName.locator('td').nth(1).textContent()).toBe('Zoe');
    await page.getByRole('link', { name: '← messages' }).click();
    await row('Order o-1001 confirmed').waitFor();
  });

  it('clears only after confirmation, then resets the workspace and empties the list', async () => {
    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => question).toContain('/_mock/reset');
    expect(await rows().count()).toBe(3);
    expect((await call(bin.url, 'GET', '/_mock/messages', DEMO_KEY)).body.messages).toHaveLength(3);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rows().count()).toBe(0);
    expect(await page.locator('#messages-empty').isVisible()).toBe(true);
    expect((await call(bin.url, 'GET', '/_mock/messages', DEMO_KEY)).body.messages).toEqual([]);

    await send('login-code', { code: '777777' });
    await expect.poll(() => rows().locator('.subject').allTextContents(), { timeout: 5_000 }).toEqual(['Your login code is 777777']);
  });

  it('marks a transactional message with its origin, and finds it by it', async () => {
    const sent = await call(bin.url, 'POST', '/transactional/v1/campaigns/order-receipt/send', DEMO_KEY, {
      external_send_id: 'order-o-3003',
      trigger_properties: { order_id: 'o-3003' },
      recipient: { external_user_id: 'zoe-2', attributes: { first_name: 'Zoe', email: 'zoe2@example.com' } },
    });
    expect(sent.status).toBe(201);
    const receipt = row('Receipt for order o-3003');
    await receipt.waitFor({ timeout: 5_000 });
    expect(await receipt.locator('.badge.origin').textContent()).toBe('transactional');
    expect(await row('Your login code is 777777').locator('.badge.origin').count()).toBe(0);
    const search = page.getByLabel('Search');
    await search.fill('transactional');
    await expect.poll(() => page.locator('#message-list li.message:visible .subject').allTextContents()).toEqual(['Receipt for order o-3003']);
    await search.fill('');
  });

  it('shows a /messages/send push and SMS with their origin, and the dispatch entry per message object', async () => {
    const sent = await call(bin.url, 'POST', '/messages/send', DEMO_KEY, {
      external_user_ids: ['ann'],
      campaign_id: 'spring-promo',
      messages: { apple_push: { alert: { title: 'Spring is here, {{${first_name}}}', body: '20% off' } }, sms: { subscription_group_id: 'sms-alerts', app_id: 'sms', body: 'Spring sale, {{${first_name}}}' } },
    });
    expect(sent.status).toBe(201);
    const push = row('Spring is here, Ann');
    await push.waitFor({ timeout: 5_000 });
    expect(await push.locator('.badge.origin').textContent()).toBe('messages send');
    await push.click();
    await preview().locator('.preview-facts a[href^="#/dispatches/"]').click();
    await page.locator('#dispatch-view').waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('tr.dispatch-recipient .outcome').allTextContents()).toEqual(['sent · apple_push', 'sent · sms']);
    expect(await page.locator('#dispatch-summary').textContent()).toContain('campaign spring-promo');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Messages' }).click();
    await row('Spring sale, Ann').waitFor();
  });

  it('lists schedules and postbacks in views of their own', async () => {
    const clock = await call(bin.url, 'GET', '/_mock/clock', DEMO_KEY);
    const tomorrow = new Date(Date.parse(String(clock.body.now)) + 86_400_000).toISOString();
    const scheduled = await call(bin.url, 'POST', '/campaigns/trigger/schedule/create', DEMO_KEY, { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'ann' }], schedule: { time: tomorrow } });
    expect(scheduled.status).toBe(201);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Schedules' }).click();
    const schedule = page.locator('tr.schedule', { hasText: String(scheduled.body.schedule_id) });
    await schedule.waitFor({ timeout: 5_000 });
    expect(await schedule.locator('.state').textContent()).toBe('scheduled');
    expect(await schedule.locator('.pending').textContent()).toBe('1');
    expect(await page.locator('#schedules-summary').textContent()).toBe('1 schedule · 1 waiting');

    // A postback to a real receiver on 127.0.0.1 that answers 204.
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/postbacks`;
      expect((await call(bin.url, 'PUT', '/_mock/settings', DEMO_KEY, { transactional_postback_url: url })).status).toBe(200);
      const receipt = await call(bin.url, 'POST', '/transactional/v1/campaigns/order-receipt/send', DEMO_KEY, { external_send_id: 'order-o-4004', trigger_properties: { order_id: 'o-4004' }, recipient: { external_user_id: 'ann' } });
      expect(receipt.status).toBe(201);
      await expect.poll(async () => ((await call(bin.url, 'GET', '/_mock/postbacks', DEMO_KEY)).body.postbacks as unknown[]).length, { timeout: 10_000 }).toBe(3);
      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Postbacks' }).click();
      await expect.poll(() => page.locator('tr.postback .event').allTextContents(), { timeout: 5_000 }).toEqual(['sent', 'processed', 'delivered']);
      expect(await page.locator('tr.postback .answer').allTextContents()).toEqual(['204', '204', '204']);
      expect(await page.locator('#postbacks-summary').textContent()).toBe('3 attempts');
      await screenshot(page, 'inbox-postbacks.png');
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Messages' }).click();
    await page.locator('#messages-view').waitFor({ state: 'visible' });
  });

  it('keeps the key for the tab across a reload, and forgets it on request without trying the demo key again', async () => {
    await page.reload();
    await row('777777').waitFor();
    await page.getByRole('button', { name: 'Forget key' }).click();
    await page.locator('#key-view').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.waitForTimeout(1_500);
    expect(await page.locator('#key-view').isVisible()).toBe(true);
  });

  it('refuses a key the server does not know', async () => {
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Open inbox' }).click();
    await expect.poll(() => page.locator('#key-error').textContent()).toBe('Invalid API key');
    expect(await page.locator('#messages-view').isHidden()).toBe(true);
  });

  it('polls only for what is new: after the first page, every list request carries after=', async () => {
    const listRequests = requestedUrls.filter((url) => url.includes('/_mock/messages?'));
    const firstPages = listRequests.filter((url) => url.includes('order=newest'));
    const polls = listRequests.filter((url) => url.includes('after='));
    // First pages: the first load, the one after Clear and the one after the reload, plus at most one
    // per Clear for a poll that was in flight during the reset (its cursor is gone: it starts over, and
    // the page drops its answer as stale).
    expect(firstPages.length, firstPages.join('\n')).toBeGreaterThanOrEqual(3);
    expect(firstPages.length, firstPages.join('\n')).toBeLessThanOrEqual(5);
    expect(polls.length).toBeGreaterThan(firstPages.length);
    const keyChecks = listRequests.filter((url) => url.endsWith('/_mock/messages?limit=1'));
    expect(listRequests.length).toBe(firstPages.length + polls.length + keyChecks.length);
  });

  it('keeps the key out of URLs and of the server log', async () => {
    expect(requestedUrls.length).toBeGreaterThan(10);
    expect(requestedUrls.filter((url) => url.includes(DEMO_KEY))).toEqual([]);
    const startup = (line: { msg: string }) => line.msg.startsWith('listening on');
    expect(bin.logs().filter((line) => !startup(line) && JSON.stringify(line).includes(DEMO_KEY))).toEqual([]);
  });
});

describe('the inbox page on a configured workspace', () => {
  let configured: RunningBin;
  let other: Page;

  beforeAll(async () => {
    // A key named like the demo one, but without mock.inspect: the page must ask (403), not take it.
    const config = writeJson(tempDir(), 'config.json', {
      workspaces: [
        {
          name: 'acme',
          api_keys: [
            { key: DEMO_KEY, permissions: ['campaigns.trigger.send'] },
            { key: 'acme-inspect', permissions: ['mock.inspect'] },
          ],
        },
      ],
    });
    configured = await startBin(['--port', '0', '--config', config]);
    other = await browser.context.newPage();
  });

  afterAll(async () => {
    await other?.close();
    await configured?.stop();
  });

  it('asks for a key when the demo key is refused, with no error shown', async () => {
    await other.goto(`${configured.url}/_mock/ui`);
    await other.locator('#key-view').waitFor({ state: 'visible' });
    expect(await other.locator('#key-error').isHidden()).toBe(true);
    await openInboxWithKey(other, configured.url, 'acme-inspect');
    expect(await other.locator('#messages-empty').isVisible()).toBe(true);
    await expect.poll(() => other.locator('#status').textContent()).toMatch(/^live · 0 messages/);
  });
});

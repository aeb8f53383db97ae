import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { axe, button, chromiumPath, field, fill, gql, keyboard, launch, newPage, shot, startDemo, waitText, type Demo } from './harness';

const chromium = chromiumPath();
if (!chromium) {
  if (process.env.RMMGRAPH_TEST_REQUIRE_CHROMIUM === '1') throw new Error('Chromium is required (apt-get install -y chromium) but was not found');
  console.warn('Skipping the browser tests: no Chromium at /usr/bin/chromium or $CHROMIUM_PATH (apt-get install -y chromium).');
}

// One admin session walks the console as an MSP admin would, against a
// real `rmmgraph demo`; a viewer session checks that nothing can change.
describe.skipIf(!chromium)('the console in a browser', () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  let runHash = '';
  const scopeNames: string[] = [];

  beforeAll(async () => {
    demo = await startDemo();
    browser = await launch(chromium!);
    page = await newPage(browser);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await shot(page, `failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await browser?.close();
    demo?.stop();
  });

  it("shows the server's message for a wrong key", async () => {
    await page.goto(`${demo.url}/`, { waitUntil: 'networkidle0' });
    await axe(page, 'sign-in');
    await fill(page, 'API key', 'rmg_00000000000000000000000000000000_wrong');
    await page.locator(button('Sign in')).click();
    const alert = await page.waitForSelector('[role="alert"]');
    const shown = await alert!.evaluate((el) => el.textContent);
    const server = await fetch(`${demo.url}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer rmg_00000000000000000000000000000000_wrong' }, body: '{"query":"{ viewer { role } }"}' }).then((r) => r.json());
    expect(shown).toBe(server.errors[0].message);
    await shot(page, '01-sign-in-refused');
  });

  it('signs in and shows one card per registered provider', async () => {
    await fill(page, 'API key', demo.adminKey);
    await page.locator(button('Sign in')).click();
    await page.waitForSelector('.provider-card');
    const cards = await page.$$eval('.provider-card', (els) => els.map((e) => [e.getAttribute('data-provider'), e.querySelector('.badge')?.textContent]));
    expect(cards).toEqual([['tanium', 'Not configured'], ['ninjaone', 'Connected'], ['tacticalrmm', 'Connected'], ['testrmm', 'Not configured'], ['testrmm2', 'Not configured']]);
    await shot(page, '02-integrations');
    await axe(page, 'integrations');
    await keyboard(page, 'integrations');
  });

  it('connects the fake Tanium Gateway through the settings form', async () => {
    await page.locator('::-p-aria(Connect Tanium)').click();
    await page.waitForSelector(field('Gateway URL'));
    await fill(page, 'Gateway URL', demo.tanium.gatewayUrl);
    await fill(page, 'API token', demo.tanium.apiToken);
    await page.locator(button('Save settings')).click();
    await waitText(page, 'Saved. The connection settings changed');
    await page.locator(button('Verify connection')).click();
    await waitText(page, 'Connection verified.');
    await shot(page, '03-tanium-connected');
    await axe(page, 'provider settings');
    await keyboard(page, 'provider settings');
  });

  it('discovers scopes and maps two of them to two new clients', async () => {
    await page.locator(button('Discover scopes')).click();
    await waitText(page, 'Discovered 4 scopes: 4 new');
    await page.waitForSelector('tr[data-scope]');
    scopeNames.push(...await page.$$eval('tr[data-scope] th', (els) => els.slice(0, 2).map((e) => e.childNodes[0].textContent ?? '')));
    // One scope through its row's picker, creating the client inline.
    const row = (await page.$$('tr[data-scope]'))[0];
    await (await row.waitForSelector(button('Map')))!.click();
    await fill(page, `Client for ${scopeNames[0]}`, 'Contoso');
    await page.locator(button('Create client “Contoso”')).click();
    await (await row.waitForSelector(button('Map')))!.click();
    await waitText(page, 'Mapped 1 scope to Contoso.');
    // The other through the bulk action.
    await page.locator(`input[aria-label="Select ${scopeNames[1]}"]`).click();
    await fill(page, 'Map selected to', 'Fabrikam');
    await page.locator(button('Create client “Fabrikam”')).click();
    await page.locator(button('Map 1 selected')).click();
    await waitText(page, 'Mapped 1 scope to Fabrikam.');
    const clients = await page.$$eval('tr[data-scope]', (rows) => rows.map((r) => r.querySelectorAll('td')[2].textContent));
    expect(clients.filter((c) => c === 'Contoso' || c === 'Fabrikam').sort()).toEqual(['Contoso', 'Fabrikam']);
    await shot(page, '04-scopes-mapped');
  });

  it('syncs with a live progress bar that reaches 100%', async () => {
    await page.locator(button('Start full sync')).click();
    await page.waitForSelector('#sync-progress');
    await page.waitForSelector('#sync-progress[value="100"]', { timeout: 60_000 });
    await waitText(page, 'Completed');
    await shot(page, '05-sync-completed');
    await page.locator('::-p-aria(What changed)').click();
    await page.waitForFunction(() => location.hash.startsWith('#/runs/'));
    runHash = await page.evaluate(() => location.hash);
    await waitText(page, 'What changed (');
    const changed = await page.$$eval('table tbody tr', (rows) => rows.length);
    expect(changed).toBeGreaterThan(0);
    await shot(page, '06-run');
    await axe(page, 'run');
  });

  it('finds an asset by serial and opens it', async () => {
    const { assets } = await gql<{ assets: { nodes: { name: string; serialNumber: string | null }[] } }>(demo, demo.adminKey,
      '{ assets(first: 50, filter: { providers: ["tanium"] }) { nodes { name serialNumber } } }');
    const a = assets.nodes.find((n) => n.serialNumber)!;
    expect(a, 'a Tanium asset with a serial number').toBeTruthy();
    const serial = a.serialNumber!;
    await page.locator('::-p-aria(Assets)').click();
    await fill(page, 'Name or serial', serial);
    await page.waitForFunction((n) => {
      const rows = document.querySelectorAll('table tbody tr');
      return rows.length === 1 && rows[0].textContent!.includes(n);
    }, {}, a.name);
    await shot(page, '07-assets');
    await axe(page, 'assets');
    await keyboard(page, 'assets');
    await page.locator(`::-p-aria(${a.name})`).click();
    await waitText(page, 'External mappings');
    await waitText(page, serial);
    await shot(page, '08-asset');
    await axe(page, 'asset');
  });

  // connectTestProvider configures, verifies and discovers one of the test
  // providers through its settings form.
  async function connectTestProvider(id: string) {
    await page.goto(`${demo.url}/#/providers/${id}`, { waitUntil: 'networkidle0' });
    await fill(page, 'Server URL', `https://${id}.test`);
    await fill(page, 'API key', 'good');
    await page.locator(button('Save settings')).click();
    await waitText(page, 'Saved.');
    await page.locator(button('Verify connection')).click();
    await waitText(page, 'Connection verified.');
    await page.locator(button('Discover scopes')).click();
    await waitText(page, 'Discovered 3 scopes');
  }

  it('configures, verifies, maps and syncs a provider it has never seen', async () => {
    await connectTestProvider('testrmm');
    for (const name of ['Test site 1', 'Test site 2', 'Test site 3']) await page.locator(`input[aria-label="Select ${name}"]`).click();
    await fill(page, 'Map selected to', 'Test client');
    await page.locator(button('Create client “Test client”')).click();
    await page.locator(button('Map 3 selected')).click();
    await waitText(page, 'Mapped 3 scopes to Test client.');
    await page.locator(button('Preview a full sync')).click();
    await waitText(page, 'A full sync now would');
    const previewText = await page.$eval('[aria-label="Sync preview"]', (el) => el.textContent ?? '');
    expect(previewText).toContain('create 30');
    await shot(page, '09a-preview');
    await page.locator(button('Start full sync')).click();
    await page.waitForSelector('#sync-progress[value="100"]', { timeout: 60_000 });
    await waitText(page, '30 created');
    await shot(page, '09-unseen-provider');
    const { assets } = await gql<{ assets: { totalCount: number } }>(demo, demo.adminKey, '{ assets(filter: { providers: ["testrmm"] }) { totalCount } }');
    expect(assets.totalCount).toBe(30);
  });

  it('matches a second RMM to the first, from suggestion to review', async () => {
    await connectTestProvider('testrmm2');
    // The same organizations are mapped in testrmm: each row suggests Test client.
    await waitText(page, 'is mapped to it in testrmm');
    await shot(page, '12-suggestions');
    for (let i = 0; i < 3; i++) {
      await page.locator(button('Map to Test client')).click();
      await page.waitForFunction((n) => document.querySelectorAll('tr[data-scope] .suggestion').length === n, {}, 2 - i);
    }
    await page.locator(button('Preview a full sync')).click();
    await waitText(page, '8 join an asset another RMM reports');
    await waitText(page, '2 doubtful matches would wait for review');
    await page.locator(button('Start full sync')).click();
    await page.waitForSelector('#sync-progress[value="100"]', { timeout: 60_000 });
    const active = '{ assets(filter: { statuses: ["active"] }) { totalCount } }';
    const before = (await gql<{ assets: { totalCount: number } }>(demo, demo.adminKey, active)).assets.totalCount;

    await page.locator('::-p-aria(Review matches)').click();
    await waitText(page, '2 pairs');
    await shot(page, '13-review');
    await axe(page, 'review');
    await keyboard(page, 'review');
    await page.locator(button('Different devices')).click();
    await waitText(page, 'apart.');
    await waitText(page, '1 pair');
    await page.locator(button('Same device: merge')).click();
    await waitText(page, 'Merged into test-pc-');
    await waitText(page, 'Nothing to review.');
    await page.locator(button('Scan existing assets')).click();
    await waitText(page, 'The scan found no new pairs.');
    const after = (await gql<{ assets: { totalCount: number } }>(demo, demo.adminKey, active)).assets.totalCount;
    expect(after).toBe(before - 1);

    // A matched asset explains itself.
    const { assets: matched } = await gql<{ assets: { nodes: { id: string; name: string }[] } }>(demo, demo.adminKey,
      '{ assets(filter: { search: "TST0003" }) { nodes { id name } } }');
    expect(matched.nodes.length).toBe(1);
    await page.goto(`${demo.url}/#/assets/${encodeURIComponent(matched.nodes[0].id)}`, { waitUntil: 'networkidle0' });
    await waitText(page, '2 RMMs');
    await waitText(page, 'Where each field group comes from');
    await waitText(page, 'hardware UUID serial');
    await shot(page, '14-asset-identity');
    await axe(page, 'asset identity');
  });

  it('lets a viewer key see everything and change nothing', async () => {
    const context = await browser.createBrowserContext();
    const viewer = await newPage(context);
    await viewer.goto(`${demo.url}/`, { waitUntil: 'networkidle0' });
    await fill(viewer, 'API key', demo.viewerKey);
    await viewer.locator(button('Sign in')).click();
    await waitText(viewer, 'Read-only: this API key has the viewer role.');
    await viewer.goto(`${demo.url}/#/providers/tanium`, { waitUntil: 'networkidle0' });
    await viewer.waitForSelector('tr[data-scope]');
    const buttons = await viewer.$$eval('main button', (els) => els.map((b) => [b.textContent, (b as HTMLButtonElement).disabled, b.title]));
    const mutating = buttons.filter(([text]) => /^(Save settings|Verify connection|Disconnect|Discover scopes|Start .* sync|Save schedule|Unmap|Map|Change client|Save priority)$/.test(String(text)));
    expect(mutating.length).toBeGreaterThan(5);
    for (const [text, disabled, title] of mutating) {
      expect([text, disabled, title]).toEqual([text, true, 'Read-only: this API key has the viewer role.']);
    }
    expect(await viewer.$$eval('main input, main select', (els) => els.filter((e) => !(e as HTMLInputElement).disabled && !['scope-search', 'scope-filter'].includes(e.id)).length)).toBe(0);
    await shot(viewer, '10-viewer');
    await axe(viewer, 'viewer provider page');
    await context.close();
  });

  it('GraphiQL shares the session, loads the schema and subscribes over websockets', async () => {
    const runId = decodeURIComponent(runHash.replace('#/runs/', ''));
    await page.evaluate((q) => localStorage.setItem('graphiql:query', q), `subscription { syncRunProgress(id: "${runId}") { status } }`);
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    const sockets: string[] = [];
    cdp.on('Network.webSocketCreated', (e: { url: string }) => sockets.push(e.url));
    await page.goto(`${demo.url}/graphiql`, { waitUntil: 'networkidle0' });
    await waitText(page, 'Signed in to Default as admin');
    await page.locator('::-p-aria(Show Documentation Explorer)').click();
    await waitText(page, 'Root Types');
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('COMPLETED'), { timeout: 20_000 });
    expect(sockets.some((u) => u.endsWith('/graphql'))).toBe(true);
    await shot(page, '11-graphiql');
    await page.reload({ waitUntil: 'networkidle0' });
    await waitText(page, 'Signed in to Default as admin');
  });
});

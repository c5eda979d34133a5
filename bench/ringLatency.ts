// INVITE sent by the caller → ringing shown in the counsellor's UI, over real parts: the caller
// simulator's sip.js, Kamailio (anonymising profile, rtpengine), the relay and firewall, the
// bridge, and the renderer in Chromium. Both pages share this machine's clock.
import { chromium, type Page } from 'playwright-core';
import { chromiumArgs } from '../playwright.config';
import { startSoftphoneStack } from '../e2e/stack/softphoneStack';
import { summary } from './stats';

const CALLS = Number(process.env.TAVS_BENCH_CALLS ?? 100);

const stack = await startSoftphoneStack('anonymising');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
try {
  const workstation = await (await browser.newContext()).newPage();
  await workstation.goto(stack.workstation.url);
  await workstation.getByLabel('Brugernavn').fill('raadgiver');
  await workstation.getByLabel('Adgangskode').fill('tavs-demo');
  await workstation.getByRole('button', { name: 'Log ind' }).click();
  await workstation.getByTestId('softphone-status').and(workstation.locator('[data-state="registered"]')).waitFor({ timeout: 20_000 });
  // Records when the ringing alert appears, from inside the page, without polling.
  await workstation.evaluate(() => {
    const w = window as unknown as { ringingAt: number[] };
    w.ringingAt = [];
    new MutationObserver(() => {
      const shown = document.querySelector('[data-testid="incoming-call"]') !== null;
      if (shown && w.ringingAt.length % 2 === 0) w.ringingAt.push(Date.now());
      if (!shown && w.ringingAt.length % 2 === 1) w.ringingAt.push(0);
    }).observe(document.body, { childList: true, subtree: true });
  });

  const caller: Page = await (await browser.newContext()).newPage();
  await caller.goto(stack.pages.callerUrl);
  await caller.waitForFunction(() => window.tavsCaller !== undefined);
  const account = stack.sip.callers[0];
  if (!account) throw new Error('no caller account');
  await caller.evaluate((config) => window.tavsCaller.connect(config), { wsUrl: stack.sip.wsUrl, domain: stack.sip.domain, ...account });

  const samples: number[] = [];
  for (let index = 0; index < CALLS; index++) {
    const sentAt = await caller.evaluate((to) => {
      const at = Date.now();
      void window.tavsCaller.placeCall({ to, number: `+45${String(20000000 + Math.floor(Math.random() * 1e7))}` });
      return at;
    }, stack.counsellor);
    await workstation.getByTestId('incoming-call').waitFor({ timeout: 15_000 });
    const ringingAt = await workstation.evaluate(() => (window as unknown as { ringingAt: number[] }).ringingAt.at(-1) ?? 0);
    samples.push(ringingAt - sentAt);
    await workstation.getByTestId('reject').click();
    await workstation.getByTestId('incoming-call').waitFor({ state: 'detached' });
    await caller.waitForFunction(() => ['idle', 'Terminated'].includes(window.tavsCaller.state()));
  }
  console.log('INVITE sent by the caller → ringing shown in the renderer');
  console.log(summary(`${CALLS} calls, anonymising profile`, samples));
} finally {
  await browser.close();
  await stack.stop();
}

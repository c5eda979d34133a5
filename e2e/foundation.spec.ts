import { expect, test } from './fixtures';
import { startWorkstation } from './stack/workstation';

test('the renderer reaches the main process over the bridge and shows what it answers', async ({ page, workstation }) => {
  const response = await page.goto(workstation.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

  await expect(page.getByRole('heading', { name: 'Log ind på din vagt' })).toBeVisible();
  // app:info answered by the main-process service, rendered in the status bar.
  await expect(page.getByTestId('app-version')).toHaveText(/Version \d+\.\d+\.\d+ \(udviklingsbro\)/);
  await expect(page.getByTestId('link-app')).toHaveAttribute('data-state', 'online');
  await expect(page.getByTestId('link-hub')).toHaveAttribute('data-state', 'not-configured');
  // The token is taken out of the address bar once read.
  expect(page.url()).not.toContain(workstation.token);
});

test('the page runs under the CSP: no inline script, no other origin', async ({ page, workstation }) => {
  await page.goto(workstation.url);
  await expect(page.getByRole('heading', { name: 'Log ind på din vagt' })).toBeVisible();
  // localhost is a different origin from 127.0.0.1 but the same server: only the CSP can refuse it.
  const otherOrigin = workstation.origin.replace('127.0.0.1', 'localhost');
  const outcome = await page.evaluate(async (foreign) => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
    const inline = document.createElement('script');
    inline.textContent = 'window.inlineRan = true';
    document.head.append(inline);
    const fetched = await fetch(`${foreign}/index.html`).then(
      () => true,
      () => false,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { inlineRan: (window as { inlineRan?: boolean }).inlineRan === true, fetched, violations: violations.sort() };
  }, otherOrigin);
  expect(outcome).toEqual({ inlineRan: false, fetched: false, violations: ['connect-src', 'script-src-elem'] });
});

test('a counsellor logs in and out using only the keyboard', async ({ page, workstation }) => {
  await page.goto(workstation.url);
  await expect(page.getByLabel('Brugernavn')).toBeFocused();
  await page.keyboard.type('raadgiver');
  await page.keyboard.press('Tab');
  await page.keyboard.type('tavs-demo');
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('counsellor-workspace')).toBeVisible();
  await expect(page.getByText('Du er logget ind som Demo-rådgiver.')).toBeVisible();

  await page.getByRole('button', { name: 'Log ud' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Log ind på din vagt' })).toBeVisible();
  await expect(page.getByLabel('Adgangskode')).toHaveValue('');
});

test('a supervisor gets the supervisor board', async ({ page, workstation }) => {
  await page.goto(workstation.url);
  await page.getByLabel('Brugernavn').fill('supervisor');
  await page.getByLabel('Adgangskode').fill('tavs-demo');
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByTestId('supervisor-board')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Overblik over vagten' })).toBeVisible();
});

test('a wrong password gives a clear error and the workstation stays locked', async ({ page, workstation }) => {
  await page.goto(workstation.url);
  await page.getByLabel('Brugernavn').fill('raadgiver');
  await page.getByLabel('Adgangskode').fill('forkert');
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page.getByTestId('login-error')).toHaveText('Forkert brugernavn eller adgangskode.');
  await expect(page.getByTestId('counsellor-workspace')).toHaveCount(0);
});

test('English can be chosen and is remembered across a restart', async ({ page }) => {
  const first = await startWorkstation();
  try {
    await page.goto(first.url);
    await page.getByTestId('language').selectOption('en');
    await expect(page.getByRole('heading', { name: 'Log in to your shift' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  } finally {
    await first.stop();
  }
  const second = await startWorkstation({ dataDir: first.dataDir });
  try {
    await page.goto(second.url);
    await expect(page.getByRole('heading', { name: 'Log in to your shift' })).toBeVisible();
    await expect(page.getByTestId('app-version')).toContainText('development bridge');
  } finally {
    await second.stop();
  }
});

test('without the token the bridge refuses and the UI says there is no connection', async ({ page, workstation }) => {
  await page.goto(`${workstation.origin}/#token=wrong`);
  await expect(page.getByTestId('no-connection')).toContainText('Ingen forbindelse til Tavs');
  await page.goto(`${workstation.origin}/`);
  await page.reload();
  await expect(page.getByTestId('no-connection')).toBeVisible();
});

import { startHallway, type Harness } from '../fixtures/hallway';

let hw: Harness | undefined;
afterEach(async () => {
  await hw?.stop();
  hw = undefined;
});

const privacyPage = async (env: Record<string, string>) => {
  hw = await startHallway({ env: { JOBS_INTERVAL_MS: '0', ...env } });
  const res = await fetch(`${hw.url}/privacy`);
  expect(res.status).toBe(200);
  return res.text();
};

describe('the public privacy page', () => {
  test('states the retention periods this server is configured with', async () => {
    const page = await privacyPage({ RETENTION_DAYS: '14', UNINSTALL_GRACE_DAYS: '1' });
    expect(page).toContain('Check-in notes are deleted after 14 days');
    expect(page).toContain('deleted 1 day later');
    expect(page).not.toContain('30 days');
  });

  test('with no settings, the defaults: notes kept 30 days, a removed team’s data 30 days', async () => {
    const page = await privacyPage({});
    expect(page).toContain('Check-in notes are deleted after 30 days');
    expect(page).toContain('deleted 30 days later');
  });

  test('names what is stored for coffee and breaks too, and how to delete or download it', async () => {
    const page = await privacyPage({});
    for (const item of ['working hours', 'who you were paired with', 'the topics you brought', 'forget me', 'Download my data']) expect(page).toContain(item);
  });
});

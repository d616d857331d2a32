/** The public pages the Teams app manifest links to: website, privacy, terms. Plain HTML, no scripts. */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#242424}h1{font-size:1.5rem}</style>
</head><body><h1>${title}</h1>${body}</body></html>`;
}

/** The figures the privacy page states: the server's own settings, so the page says what this server does. */
export type PrivacyFigures = { retentionDays: number; uninstallGraceDays: number };

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** The public pages, with the configured retention periods. */
export function publicPages(figures: PrivacyFigures): Record<string, string> {
  return {
    '/': page(
      'Hallway',
      `<p>Hallway brings back the small talk remote teams lose: a light check-in in the meeting chat as every Microsoft Teams meeting starts, virtual coffee that pairs teammates who have not met yet, and recurring coffee breaks.</p>
<p>Add Hallway to a meeting or a group chat from the Teams app store of your organisation. Type <code>help</code> in a chat with Hallway to see what it can do.</p>
<p><a href="/privacy">Privacy</a> · <a href="/terms">Terms of use</a></p>`,
    ),
    '/privacy': page(
      'Hallway privacy',
      `<p>Hallway runs on your organisation's own server and stores its data in your organisation's database. It stores:</p>
<ul>
<li>for each team or chat where it is installed: the ids Teams gives it to post messages there, the team's name, and who added Hallway;</li>
<li>for each check-in: the meeting id and title, the question asked and when it ran;</li>
<li>for each answer: your Teams ids, your display name and sign-in name, the mood you picked, your note if you wrote one, and whether you shared it with the meeting or only showed that you checked in;</li>
<li>if you join coffee: that you joined, paused or left, your time zone and working hours, who you asked not to be paired with, who you were paired with and whether you met;</li>
<li>for coffee breaks: your answer for a day with your display name, the topics you brought and your upvotes.</li>
</ul>
<p>If you choose "Only show that I checked in", nobody in the meeting sees your name, mood or note: you are only counted. Moods and notes never appear in Hallway's logs. Organisers see team totals only, over at least five people.</p>
<p>Check-in notes are deleted after ${days(figures.retentionDays)}; moods and counts stay. When Hallway is removed from a team or chat, that team's or chat's data is deleted ${days(figures.uninstallGraceDays)} later.</p>
<p>Type <b>forget me</b> in any chat with Hallway, or use <b>Forget me</b> in the Hallway tab, to delete everything it stores about you, at once; <b>Download my data</b> in the tab shows all of it. Your organisation's administrators can do both for you on request.</p>`,
    ),
    '/terms': page(
      'Hallway terms of use',
      `<p>Hallway is provided by your organisation for use within Microsoft Teams under your organisation's policies. Be kind in your check-in notes: they are visible to everyone in the meeting when you share them.</p>`,
    ),
  };
}

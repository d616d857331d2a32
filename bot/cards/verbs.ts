import { VERBS as CHECK_IN_VERBS } from './check-in-card';

/** The Action.Execute verbs of the coffee cards. */
export const COFFEE_VERBS = { pause: 'coffee.pause', met: 'coffee.met' } as const;

/** The Action.Execute verbs of the coffee-break reminder card. */
export const BREAK_VERBS = { rsvp: 'break.rsvp', topic: 'break.topic', vote: 'break.vote' } as const;

/** The Action.Execute verbs of the privacy cards. */
export const PRIVACY_VERBS = { forget: 'privacy.forget' } as const;

/** Every verb a card Hallway sends may carry; each has a handler in the Teams layer. */
export const ALL_VERBS: string[] = [
  ...Object.values(CHECK_IN_VERBS),
  ...Object.values(COFFEE_VERBS),
  ...Object.values(PRIVACY_VERBS),
  ...Object.values(BREAK_VERBS),
];

// The five moods of a check-in by name, in the tab's language (the server sends their ids).
import type { MoodId } from '../../bot/domain/check-in/model';
import { t, type TabMessageId } from './i18n';

/** From the best to the worst, as the charts stack them. */
export const MOOD_IDS: readonly MoodId[] = ['great', 'good', 'okay', 'low', 'rough'];

const MOOD_LABELS: Record<MoodId, TabMessageId> = {
  great: 'pulse.mood.great',
  good: 'pulse.mood.good',
  okay: 'pulse.mood.okay',
  low: 'pulse.mood.low',
  rough: 'pulse.mood.rough',
};

export const moodLabel = (id: MoodId): string => t(MOOD_LABELS[id]);

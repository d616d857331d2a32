// Days together's routes; the types are the server's own (type-only imports, nothing of it is bundled).
import type { DaysAnswerBody, DaysEndedView, DaysFields, DaysPlanView, DaysSummary, DaysTalkBody, DaysView } from '../../bot/http/api-days';
import { api } from './api';

export type { DaysEndedView, DaysFields, DaysPlanView, DaysSummary, DaysView };

/** The days-together routes of one team. */
export function daysApi(teamId: string) {
  const base = `/teams/${encodeURIComponent(teamId)}/days`;
  const ofPlan = (planId: string) => `${base}/${encodeURIComponent(planId)}`;
  return {
    list: () => api<DaysView>('GET', base),
    plan: (fields: DaysFields) => api<DaysPlanView>('POST', base, fields),
    change: (planId: string, fields: DaysFields) => api<DaysPlanView>('PUT', ofPlan(planId), fields),
    cancel: (planId: string) => api<{ cancelled: true }>('DELETE', ofPlan(planId)),
    answer: (planId: string, body: DaysAnswerBody) => api<DaysView>('POST', `${ofPlan(planId)}/answer`, body),
    askTalk: (planId: string, body: DaysTalkBody) => api<DaysPlanView>('POST', `${ofPlan(planId)}/talks`, body),
    /** Organisers, after the days: how many met someone new (counts only). */
    summary: (planId: string) => api<DaysSummary>('GET', `${ofPlan(planId)}/summary`),
  };
}

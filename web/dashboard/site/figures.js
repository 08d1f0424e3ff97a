// What the pages compute from the views' answers: a unit's report
// compliance for the year (every period of it added up), the class a map
// tile is coloured by, and an indicator's target in words.
import {t, num} from './i18n.js';
import {getIfAllowed} from './api.js';

// {expected, onTime, late, missing, submitted, rate} over every period of
// `row.compliance` ("2022-H1" and "2022").
export function yearCompliance(row) {
  const sum = {expected: 0, onTime: 0, late: 0, missing: 0, submitted: 0};
  for (const c of row?.compliance || []) {
    for (const key of Object.keys(sum)) sum[key] += Number(c[key] || 0);
  }
  sum.rate = sum.expected ? (100 * sum.submitted) / sum.expected : null;
  return sum;
}

// The map's classes, in the legend's order.
export const CLASSES = ['none', 'low', 'mid', 'high', 'all'];

export function complianceClass(sum) {
  if (!sum.expected) return 'none';
  if (sum.onTime === sum.expected) return 'all';
  if (sum.rate > 75) return 'high';
  if (sum.rate >= 25) return 'mid';
  return 'low';
}

// "at least 60 by 2025", or "no national target".
export function targetWords(figures) {
  if (!figures.targetYear) return t('noTarget');
  const words = {'at least': 'atLeast', 'at most': 'atMost', 'about': 'about'}[figures.comparison];
  return t(words || 'about', num(figures.target, 1), figures.targetYear);
}

// "units/51" -> "51".
export function unitId(name) {
  return String(name || '').replace(/^units\//, '');
}

const ACTION_MONTH = 'CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY';

// The Action Month of `year` against the year before, over `unit`'s
// subtree (the nation when empty); null when that year had none or the key
// may not read it. The campaign list is asked first: a summary of a year
// without one would be a 404.
export async function actionMonthSummary(year, unit) {
  const listed = await getIfAllowed('/v1/campaigns', {kind: ACTION_MONTH, year});
  if (!listed?.data?.campaigns?.length) return null;
  const summary = await getIfAllowed('/v1/campaign-summary',
      {campaign: listed.data.campaigns[0].name, unit: unit ? `units/${unit}` : ''});
  return summary?.data || null;
}

// A province's page: its districts or communes of the era with their
// report compliance, compliance by agency, its plans with their status,
// each plan's target progress with the reason in words, and its Action
// Month activity.
import {get, getIfAllowed} from '../api.js';
import {t, num, lang} from '../i18n.js';
import {h, section, sortableTable} from '../ui.js';
import {actionMonthSummary, yearCompliance, unitId} from '../figures.js';
import {actionMonth} from './national.js';

function complianceColumns(first) {
  const count = (v) => num(v);
  return [
    {key: 'name', label: first},
    {key: 'expected', label: t('expected'), numeric: true, format: count},
    {key: 'onTime', label: t('onTime'), numeric: true, format: count},
    {key: 'late', label: t('late'), numeric: true, format: count},
    {key: 'missing', label: t('missing'), numeric: true, format: count},
    {key: 'rate', label: t('submittedPct'), numeric: true,
      format: (v) => (v === null ? '–' : num(v, 1))},
  ];
}

function unitTable(overview, asOf) {
  const rows = (overview.rows || []).map((row) => ({unit: unitId(row.unit), name: row.displayName,
    ...yearCompliance(row)}));
  const kind = asOf >= '2025-07-01' ? t('communes') : t('districts');
  return section(t('complianceByUnit', kind), sortableTable({id: 'unit-table',
    columns: complianceColumns(t('unit')), rows,
    footer: {name: overview.displayName, ...yearCompliance(overview.totals)}}));
}

function agencyTable(compliance) {
  if (!compliance) return null;
  const rows = (compliance.byAgency || []).map((a) => ({name: a.displayName || a.key,
    ...a.counts, rate: a.counts.expected ? (100 * a.counts.submitted) / a.counts.expected : null}));
  return section(t('complianceByAgency'), sortableTable({id: 'agency-table',
    columns: complianceColumns(t('agency')), rows}));
}

// "31/12/2020", or "2025" for a due date that names only a year.
function dueWords(date) {
  if (!date?.year) return '–';
  return date.day ? `${date.day}/${date.month}/${date.year}` : String(date.year);
}

// A target's state in words: the service's reason (English) in English;
// in Vietnamese, the same facts from the item's fields, or the service's
// reason for a case without words here.
export function reasonWords(item) {
  if (lang() === 'en') return item.reason || item.explanation || '';
  const due = dueWords(item.dueDate);
  const goal = [item.comparisonWords || '', num(item.targetValue, 1)];
  switch (item.class) {
    case 'PROGRESS_CLASS_MET': return t('reasonMet', ...goal, num(item.value, 1), item.period);
    case 'PROGRESS_CLASS_MISSED':
      return item.period ? t('reasonMissed', ...goal, due) : t('reasonMissedNoData', due);
    case 'PROGRESS_CLASS_NO_DATA': return t('reasonNoData', due);
    case 'PROGRESS_CLASS_ON_TRACK': return t('reasonOnTrack', due);
    case 'PROGRESS_CLASS_AT_RISK': return t('reasonAtRisk', due);
    case 'PROGRESS_CLASS_NOT_MET': return t('reasonNotMet', ...goal, due);
    default: return item.reason || item.explanation || '';
  }
}

function progressTable(progress) {
  if (!progress?.items?.length) return h('p', {class: 'muted'}, t('noTargets'));
  return h('div', {class: 'table-wrap'}, h('table', {class: 'progress-table'},
      h('thead', {}, h('tr', {}, [t('target'), t('value'), t('status'), t('reason')].map((label) =>
        h('th', {scope: 'col'}, label)))),
      h('tbody', {}, progress.items.map((item) => h('tr', {'data-class': item.class},
          h('th', {scope: 'row'}, item.description || item.target),
          h('td', {class: 'num'}, item.period ? `${num(item.value, 1)} (${item.period})` : '–'),
          h('td', {}, h('span', {class: `badge ${item.class}`}, t(item.class))),
          h('td', {}, reasonWords(item)))))));
}

async function plansSection(unit, params) {
  const plans = await getIfAllowed('/v1/plans', {unit: `units/${unit}`, year: params.year});
  if (!plans) return null;
  const list = plans.data.plans || [];
  const progress = await Promise.all(list.map((plan) =>
    getIfAllowed('/v1/target-progress', {plan: plan.name, asOf: params.asOf})));
  return section(t('planList'), list.length ? list.map((plan, i) => h('article', {class: 'plan'},
      h('h3', {}, plan.title || plan.name),
      h('p', {}, `${t('status')}: `, h('span', {class: 'badge'}, t(plan.status)),
          ` · ${t('period')}: ${plan.period}`),
      h('h4', {}, t('targetProgress')), progressTable(progress[i]?.data))) :
    h('p', {class: 'muted'}, '–'));
}

export async function provincePage(unit, params, view, {national}) {
  const {data: overview} = await get('/v1/overview/province',
      {unit: `units/${unit}`, year: params.year, asOf: params.asOf});
  const [compliance, campaign, plans] = await Promise.all([
    getIfAllowed('/v1/compliance', {unit: `units/${unit}`, period: params.year, asOf: params.asOf}),
    actionMonthSummary(params.year, unit),
    plansSection(unit, params),
  ]);
  view.replaceChildren(
      national ? h('p', {}, h('a', {href: `#/national?year=${params.year}&asOf=${params.asOf}`},
          t('backNational'))) : null,
      h('h1', {id: 'province-name'}, overview.displayName, ` ${params.year}`),
      unitTable(overview, params.asOf),
      agencyTable(compliance?.data),
      plans,
      section(t('campaign'), actionMonth(campaign)));
  return {path: '/v1/overview/province',
    params: {unit: `units/${unit}`, year: params.year, asOf: params.asOf},
    assembledAt: overview.assembledAt};
}

// An indicator's page: its national value over the years (the Strategy
// target beside it), by province for the chosen year, and by sex where
// the reports give it.
import {get, getIfAllowed} from '../api.js';
import {t, num, lang} from '../i18n.js';
import {h, section, sortableTable, chartWithTable} from '../ui.js';
import {targetWords, unitId} from '../figures.js';

const FIRST_YEAR = 2019;

function sexValues(rollup) {
  const by = {};
  for (const v of rollup?.values || []) {
    const sex = (v.categories || []).find((c) => c.dimension === 'DISAGGREGATION_SEX');
    if (sex && (v.categories || []).length === 1) by[sex.value] = v.value;
  }
  return by;
}

function total(rollup) {
  const value = (rollup?.values || []).find((v) => !(v.categories || []).length);
  return value ? value.value : null;
}

export async function indicatorPage(code, params, view, {national, unit}) {
  const {data: indicator} = await get('/v1/indicator', {name: code});
  const scope = national ? {} : {unit: `units/${unit}`};
  const last = Math.max(Number(params.year), FIRST_YEAR);
  const years = [];
  for (let year = FIRST_YEAR; year <= last; year++) years.push(year);
  const rollups = await Promise.all(years.map((year) =>
    getIfAllowed('/v1/rollup', {indicator: code, period: year, ...scope})));
  const progress = national ?
    await getIfAllowed('/v1/indicator-progress', {indicator: code, year: params.year, asOf: params.asOf}) :
    null;
  const name = lang() === 'en' ? indicator.displayNameEn : indicator.displayNameVi;
  const targets = (indicator.nationalTargets || []).map((target) => targetWords({
    target: target.value, targetYear: target.year,
    comparison: {COMPARISON_AT_LEAST: 'at least', COMPARISON_AT_MOST: 'at most'}[target.comparison] ||
      'about'}));
  const totals = rollups.map((r) => total(r?.data));
  const sexes = rollups.map((r) => sexValues(r?.data));
  const hasSex = sexes.some((s) => s.female !== undefined || s.male !== undefined);
  const parts = [
    h('h1', {id: 'indicator-name'}, name || code, h('span', {class: 'code'}, ` (${code})`)),
    h('p', {}, `${t('target')}: ${targets.length ? targets.join('; ') : t('noTarget')}`),
    h('p', {class: 'muted'}, indicator.source || ''),
    section(t('overYears'), chartWithTable({title: t('overYears'), type: 'line',
      labels: years.map(String), series: [{label: t('value'), values: totals}]})),
    section(t('bySex'), hasSex ? chartWithTable({title: t('bySex'), type: 'bar',
      labels: years.map(String), series: [
        {label: t('female'), values: sexes.map((s) => s.female ?? null)},
        {label: t('male'), values: sexes.map((s) => s.male ?? null)}]}) :
      h('p', {class: 'muted'}, t('noSex'))),
  ];
  if (progress) {
    const rows = (progress.data.provinces || []).map((p) => ({unit: unitId(p.unit),
      name: p.displayName, value: p.figures?.hasValue ? p.figures.value : null}))
        // Those with a value first, highest first.
        .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
    parts.push(section(t('byProvince', params.year), sortableTable({id: 'indicator-provinces',
      columns: [{key: 'name', label: t('province')},
        {key: 'value', label: t('value'), numeric: true,
          format: (v) => (v === null ? '–' : num(v, 1))}],
      rows, link: (row) => `#/province/${row.unit}?year=${params.year}&asOf=${params.asOf}`})));
  }
  view.replaceChildren(...parts);
  const shown = rollups[years.indexOf(Number(params.year))]?.data;
  return {path: '/v1/rollup', params: {indicator: code, period: params.year, ...scope},
    assembledAt: shown?.dataAsOf};
}

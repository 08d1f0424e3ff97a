// The national page: for a year and an as-of date, the tile-grid map of
// report compliance (the 63- or 34-province layout by the as-of date), the
// same figures as a sortable table, the key indicators against the
// Strategy targets and the Action Month against the year before.
import {get, getIfAllowed} from '../api.js';
import {t, num, lang} from '../i18n.js';
import {tilesFor} from '../tiles.js';
import {h, section, sortableTable, chartWithTable} from '../ui.js';
import {CLASSES, actionMonthSummary, complianceClass, yearCompliance, targetWords, unitId} from
    '../figures.js';

function tileMap(rows, asOf, link) {
  const tiles = tilesFor(asOf);
  const byCode = new Map(rows.map((row) => [unitId(row.unit), row]));
  const grid = h('div', {class: 'tiles', role: 'list', id: 'tile-map',
    'data-era': tiles.length === 63 ? '63' : '34'});
  for (const tile of tiles) {
    const row = byCode.get(tile.code);
    const sum = yearCompliance(row);
    const name = row?.displayName || tile.code;
    const rate = sum.rate === null ? '–' : `${num(sum.rate, 0)}%`;
    const label = `${name}: ${t('expected')} ${sum.expected}, ${t('onTime')} ${sum.onTime}, ` +
        `${t('late')} ${sum.late}, ${t('missing')} ${sum.missing}`;
    const element = h('a', {class: `tile c-${complianceClass(sum)}`, href: link(tile.code),
      role: 'listitem', title: label, 'aria-label': label, 'data-unit': tile.code,
      'data-expected': sum.expected, 'data-on-time': sum.onTime, 'data-late': sum.late,
      'data-missing': sum.missing},
    h('span', {class: 'abbr'}, tile.label), h('span', {class: 'rate'}, rate));
    element.style.gridRow = String(tile.row + 1);
    element.style.gridColumn = String(tile.col + 1);
    grid.append(element);
  }
  const legend = h('ul', {class: 'legend'}, CLASSES.map((c) =>
    h('li', {}, h('span', {class: `swatch c-${c}`, 'aria-hidden': 'true'}),
        t(`legend${c[0].toUpperCase()}${c.slice(1)}`))));
  return [grid, legend];
}

function provinceTable(rows, totals, link) {
  const asRow = (row) => ({unit: unitId(row.unit), name: row.displayName,
    plans: row.plans?.plans || 0, ...yearCompliance(row)});
  const pct = (value) => (value === null ? '–' : num(value, 1));
  return sortableTable({
    id: 'province-table',
    columns: [
      {key: 'name', label: t('province')},
      {key: 'plans', label: t('plans'), numeric: true, format: (v) => num(v)},
      {key: 'expected', label: t('expected'), numeric: true, format: (v) => num(v)},
      {key: 'onTime', label: t('onTime'), numeric: true, format: (v) => num(v)},
      {key: 'late', label: t('late'), numeric: true, format: (v) => num(v)},
      {key: 'missing', label: t('missing'), numeric: true, format: (v) => num(v)},
      {key: 'rate', label: t('submittedPct'), numeric: true, format: pct},
    ],
    rows: rows.map(asRow),
    footer: {...asRow(totals), name: t('total')},
    link: (row) => link(row.unit),
  });
}

function keyIndicators(overview, names, params) {
  const info = new Map((overview.indicators || []).map((i) => [i.indicator, i]));
  const rows = (overview.totals?.indicators || []).map((f) => {
    const code = f.indicator.replace(/^indicators\//, '');
    const met = f.hasValue && f.targetYear ? (f.meetsTarget ? t('meets') : t('notYet')) : '';
    return h('tr', {'data-indicator': code},
        h('th', {scope: 'row'}, h('a', {href: `#/indicator/${code}?year=${params.year}&asOf=${params.asOf}`},
            names.get(f.indicator) || info.get(f.indicator)?.displayName || code), h('span', {class: 'code'}, ` (${code})`)),
        h('td', {class: 'num', 'data-value': f.hasValue ? f.value : ''},
            f.hasValue ? num(f.value, 1) : t('noValue')),
        h('td', {}, targetWords(f)),
        h('td', {}, met));
  });
  return h('div', {class: 'table-wrap'}, h('table', {id: 'indicator-table'},
      h('thead', {}, h('tr', {}, [t('indicator'), t('value'), t('target'), ''].map((label) =>
        h('th', {scope: 'col'}, label)))),
      h('tbody', {}, rows)));
}

// The Action Month of a year against the year before: participants by sex
// as a chart (and its table), activities, people reached and spending as
// figures.
export function actionMonth(summary) {
  if (!summary?.current) return h('p', {}, t('noCampaign'));
  const years = [summary.current, summary.previous].filter(Boolean);
  const labels = [t('female'), t('male'), t('unspecified')];
  const participants = (c) => [c.participants?.female, c.participants?.male,
    c.participants?.unspecified].map((v) => Number(v || 0));
  const figure = (label, value, digits = 0) => h('div', {},
      h('dt', {}, label), h('dd', {}, years.map((c) => `${c.year}: ${num(value(c), digits)}`).join(' · ')));
  return h('div', {id: 'action-month'},
      chartWithTable({
        title: `${t('actionMonth', summary.current.year, summary.previous?.year ?? '–')} — ` +
            t('participants'),
        type: 'bar', labels, digits: 0,
        series: years.map((c) => ({label: String(c.year), values: participants(c)})),
      }),
      h('dl', {class: 'figures'},
          figure(t('activities'), (c) => Number(c.activities || 0)),
          figure(t('participants'), (c) => Number(c.participants?.total || 0)),
          figure(t('peopleReached'), (c) => Number(c.peopleReached || 0)),
          figure(t('spend'), (c) => Number(c.spendVnd || 0) / 1e6, 1)));
}

// The indicators' names in the reader's language (the views carry the
// Vietnamese ones).
async function indicatorNames() {
  const names = new Map();
  if (lang() !== 'en') return names;
  const catalogue = await getIfAllowed('/v1/indicators', {pageSize: 500});
  for (const i of catalogue?.data?.indicators || []) names.set(i.name, i.displayNameEn);
  return names;
}

export async function nationalPage(params, view) {
  const {data: overview} = await get('/v1/overview/national', {year: params.year, asOf: params.asOf});
  const [campaign, names] = await Promise.all([actionMonthSummary(params.year, ''),
    indicatorNames()]);
  const link = (code) => `#/province/${code}?year=${params.year}&asOf=${params.asOf}`;
  const tiles = tilesFor(params.asOf);
  view.replaceChildren(
      h('h1', {}, t('national'), ` ${params.year}`),
      h('div', {class: 'national-grid'},
          section(`${t('mapTitle', tiles.length)} — ${tiles.length === 63 ? t('era63') : t('era34')}`,
              ...tileMap(overview.rows || [], params.asOf, link)),
          section(t('tableTitle'), provinceTable(overview.rows || [], overview.totals || {}, link))),
      section(t('keyIndicators'), keyIndicators(overview, names, params)),
      section(t('campaign'), actionMonth(campaign)));
  return {path: '/v1/overview/national', params: {year: params.year, asOf: params.asOf},
    assembledAt: overview.assembledAt};
}

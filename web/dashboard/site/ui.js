// Small builders shared by the pages: elements, sortable tables, and
// charts that always come with their table.
import {t, num} from './i18n.js';

// h('div', {class: 'x'}, child, 'text'): an element.
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

// Okabe and Ito's palette: told apart by readers with any common colour
// vision deficiency.
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];

// A table whose headers sort it (click, Enter or Space). `columns`: [{key,
// label, numeric, format}]; `rows`: objects; `link(row)`: an optional href
// for the first column; `footer`: an optional row of totals.
export function sortableTable({caption, columns, rows, link, footer, id}) {
  let sortKey = null;
  let ascending = true;
  const tbody = h('tbody');
  const headers = columns.map((column) => {
    const button = h('button', {type: 'button', class: 'sort', 'aria-label': t('sortBy', column.label)},
        column.label);
    const th = h('th', {scope: 'col', class: column.numeric ? 'num' : '', 'data-key': column.key},
        button);
    button.addEventListener('click', () => {
      ascending = sortKey === column.key ? !ascending : !column.numeric;
      sortKey = column.key;
      for (const other of headers) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      fill();
    });
    return th;
  });
  const cell = (row, column, index) => {
    const value = row[column.key];
    const text = column.format ? column.format(value, row) : column.numeric ? num(value, 1) : value;
    const attrs = {class: column.numeric ? 'num' : '', 'data-key': column.key,
      'data-value': column.numeric ? value : null};
    if (index === 0) {
      const href = link ? link(row) : null;
      return h('th', {...attrs, scope: 'row'}, href ? h('a', {href}, text) : text);
    }
    return h('td', attrs, text);
  };
  function fill() {
    const sorted = [...rows];
    if (sortKey) {
      sorted.sort((a, b) => {
        const x = a[sortKey];
        const y = b[sortKey];
        const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y), 'vi');
        return ascending ? order : -order;
      });
    }
    tbody.replaceChildren(...sorted.map((row) => h('tr', {'data-unit': row.unit || null},
        columns.map((column, i) => cell(row, column, i)))));
  }
  fill();
  const table = h('table', {id},
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, headers)),
      tbody,
      footer ? h('tfoot', {}, h('tr', {class: 'total'}, columns.map((c, i) => cell(footer, c, i)))) :
        null);
  return h('div', {class: 'table-wrap'}, table);
}

// A Chart.js chart (window.Chart, the one chart library) and the table of
// its figures below it: the canvas is described for screen readers, the
// table is the accessible form and is focusable by keyboard.
// `labels`: the categories; `series`: [{label, values}].
export function chartWithTable({title, type, labels, series, digits = 1, horizontal = false}) {
  const canvas = h('canvas', {role: 'img', 'aria-label': title});
  const figure = h('figure', {class: 'chart'}, h('figcaption', {}, title),
      h('div', {class: 'canvas-box', style: null}, canvas));
  const table = h('table', {class: 'chart-table', tabindex: '0'},
      h('caption', {}, t('chartTable')),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, ''),
          series.map((s) => h('th', {scope: 'col', class: 'num'}, s.label)))),
      h('tbody', {}, labels.map((label, i) => h('tr', {},
          h('th', {scope: 'row'}, label),
          series.map((s) => h('td', {class: 'num', 'data-value': s.values[i] ?? ''},
              s.values[i] === null || s.values[i] === undefined ? '–' : num(s.values[i], digits)))))));
  figure.append(h('details', {class: 'chart-data'}, h('summary', {}, t('chartTable')), table));
  if (window.Chart) {
    // Drawn once the figure is in the document (Chart.js measures it).
    requestAnimationFrame(() => {
      if (!canvas.isConnected) return;
      new window.Chart(canvas, {
        type,
        data: {
          labels,
          datasets: series.map((s, i) => ({
            label: s.label,
            data: s.values,
            backgroundColor: PALETTE[i % PALETTE.length],
            borderColor: PALETTE[i % PALETTE.length],
            spanGaps: true,
          })),
        },
        options: {
          indexAxis: horizontal ? 'y' : 'x',
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: {legend: {display: series.length > 1}},
        },
      });
    });
  }
  return figure;
}

export function section(title, ...children) {
  return h('section', {class: 'card'}, h('h2', {}, title), ...children);
}

// "2022-12-31" from the API's {year, month, day}.
export function isoDate(date) {
  if (!date || !date.year) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

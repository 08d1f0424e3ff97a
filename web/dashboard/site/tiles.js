// The tile-grid maps: one square per province, placed roughly where it
// lies (row from north to south, column from west to east), for the
// 63-province era (to 2025-06-30) and the 34-province era (from 2025-07-01,
// Resolution 202/2025/QH15). Codes are the GSO province codes of
// data/reference (admin-units-2025-03.json and admin-units-2025-07.json).
// Drawn from this table, so no boundary data is needed.

// The day the 34 provinces took effect.
export const MERGER_DATE = '2025-07-01';

// Each row lists [column, code, short label].
const ROWS_63 = [
  [[1, '12', 'LCh'], [2, '10', 'LCa'], [3, '02', 'HGi'], [4, '04', 'CBa']],
  [[0, '11', 'ĐBi'], [2, '15', 'YBa'], [3, '08', 'TQu'], [4, '06', 'BKa'], [5, '20', 'LSo']],
  [[1, '14', 'SLa'], [2, '25', 'PTh'], [3, '26', 'VPh'], [4, '19', 'TNg'], [5, '24', 'BGi'],
   [6, '22', 'QNi']],
  [[2, '17', 'HBì'], [3, '01', 'HNộ'], [4, '27', 'BNi'], [5, '30', 'HDư'], [6, '31', 'HPh']],
  [[3, '35', 'HNa'], [4, '33', 'HYê'], [5, '34', 'TBì']],
  [[2, '38', 'THó'], [3, '37', 'NBì'], [4, '36', 'NĐị']],
  [[2, '40', 'NAn']],
  [[3, '42', 'HTĩ']],
  [[4, '44', 'QBì']],
  [[4, '45', 'QTr']],
  [[5, '46', 'Huế']],
  [[5, '49', 'QNa'], [6, '48', 'ĐNẵ']],
  [[5, '62', 'KTu'], [6, '51', 'QNg']],
  [[5, '64', 'GLa'], [6, '52', 'BĐị']],
  [[5, '66', 'ĐLắ'], [6, '54', 'PYê']],
  [[4, '67', 'ĐNô'], [5, '68', 'LĐồ'], [6, '56', 'KHò']],
  [[3, '70', 'BPh'], [4, '75', 'ĐNa'], [5, '60', 'BTh'], [6, '58', 'NTh']],
  [[2, '72', 'TNi'], [3, '74', 'BDư'], [4, '77', 'BRV']],
  [[0, '89', 'AGi'], [1, '87', 'ĐTh'], [2, '80', 'LAn'], [3, '79', 'HCM']],
  [[0, '91', 'KGi'], [1, '92', 'CTh'], [2, '86', 'VLo'], [3, '82', 'TGi']],
  [[1, '93', 'HGi'], [2, '94', 'STr'], [3, '84', 'TVi'], [4, '83', 'BTr']],
  [[0, '96', 'CMa'], [1, '95', 'BLi']],
];

const ROWS_34 = [
  [[1, '12', 'LCh'], [2, '15', 'LCa'], [3, '08', 'TQu'], [4, '04', 'CBa']],
  [[0, '11', 'ĐBi'], [1, '14', 'SLa'], [2, '25', 'PTh'], [3, '19', 'TNg'], [4, '20', 'LSo']],
  [[2, '01', 'HNộ'], [3, '24', 'BNi'], [4, '22', 'QNi']],
  [[2, '37', 'NBì'], [3, '33', 'HYê'], [4, '31', 'HPh']],
  [[1, '38', 'THó']],
  [[1, '40', 'NAn']],
  [[2, '42', 'HTĩ']],
  [[2, '44', 'QTr']],
  [[3, '46', 'Huế']],
  [[3, '48', 'ĐNẵ']],
  [[3, '51', 'QNg']],
  [[3, '52', 'GLa']],
  [[3, '66', 'ĐLắ']],
  [[2, '68', 'LĐồ'], [3, '56', 'KHò']],
  [[1, '80', 'TNi'], [2, '79', 'HCM'], [3, '75', 'ĐNa']],
  [[0, '91', 'AGi'], [1, '82', 'ĐTh'], [2, '86', 'VLo']],
  [[1, '92', 'CTh']],
  [[0, '96', 'CMa']],
];

function layout(rows) {
  const tiles = [];
  rows.forEach((row, r) => {
    for (const [c, code, label] of row) tiles.push({row: r, col: c, code, label});
  });
  return tiles;
}

export const TILES_63 = layout(ROWS_63);
export const TILES_34 = layout(ROWS_34);

// The layout in force on `asOf` ("YYYY-MM-DD").
export function tilesFor(asOf) {
  return asOf >= MERGER_DATE ? TILES_34 : TILES_63;
}

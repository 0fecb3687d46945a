/** Codes and names of grids, the same wherever grids are made (demo seed, import). */
export const streetShortName = (name: string) => name.replace(/(街道|镇)$/, '');

export const districtGridName = (districtName: string) => `${districtName}统计网格`;
export const streetGridName = (streetName: string) => `${streetName}统计网格`;

/** "JS-07": the street's code and the grid's number, two digits at least. */
export const level3GridCode = (street: string, n: number) => `${street}-${String(n).padStart(2, '0')}`;

/** The number in a level-3 grid's code, if it has the street's pattern. */
export function level3GridNumber(street: string, code: string): number | undefined {
  const m = /^(.+)-(\d+)$/.exec(code);
  return m && m[1] === street ? Number(m[2]) : undefined;
}

/** "景山工业网格7": street, industry (or 跨行业) and the code's number. */
export const level3GridName = (streetName: string, industry: string, n: number) => `${streetShortName(streetName)}${industry}网格${n}`;

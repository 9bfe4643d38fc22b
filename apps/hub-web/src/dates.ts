/** Local calendar dates (the street works in its own day, Asia/Shanghai on the wall screen's clock). */
const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
export const today = (): string => ymd(new Date());
export const monthStart = (): string => {
  const d = new Date();
  return ymd(new Date(d.getFullYear(), d.getMonth(), 1));
};
export const thisMonth = (): string => today().slice(0, 7);
export const lastMonth = (): string => {
  const d = new Date();
  return ymd(new Date(d.getFullYear(), d.getMonth() - 1, 1)).slice(0, 7);
};

// exceljs's Workbook class by itself (see overviewWorkbook.ts); its types are the package's.
declare module 'exceljs/lib/doc/workbook.js' {
  const Workbook: typeof import('exceljs').Workbook;
  export default Workbook;
}

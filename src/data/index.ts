// public API of src/data (re-exported by src/index.ts)
export * from './bars';
export * from './synthetic';
export * from './quality';
export { parseDateText, parseNumberText, DATE_FORMAT_LABEL, type DateFormat } from './parse-bytes';
export { BAR_FIELDS, type BarField, type ColumnMapping, type CsvFormat } from './csv-header';
export * from './csv';
export * from './json';
export * from './fundamentals';
export { nyseHolidays, tradingDays, isTradingDay, holidaySet, type CalendarName } from './calendar';
export * from './validate';
export * from './report-format';
export * from './samples';
export * from './load';
// embedded store (DuckDB) and Yahoo fetch
export { Store, openStore, type StoreOptions, type StoredQualityReport } from './store';
export { defaultStorePath, storeDbDefaults, type StoreDbOptions } from './store-db';
export { checkStorableBars, upsertDefaults, type UpsertOptions, type UpsertResult } from './store-write';
export { readBarsDefaults, type DateBound, type ReadBarsOptions, type SymbolSummary } from './store-read';
export { fetchYahoo, fetchYahooDefaults, chartToBars, loadYahooClient, type FetchYahooOptions, type YahooClient, type YahooChartResult, type YahooChartQuote, type YahooChartQuery } from './yahoo';
export * from './table';
export * from './panel-synthetic';
export { nseLikeHolidays, nseLikeTradingDays } from './panel-calendar';
// intraday bars: timeframes, sessions, loader, checks, resampling
export * from './intraday/index';

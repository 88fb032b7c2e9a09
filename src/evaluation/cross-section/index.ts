// Cross-sectional evaluation of a scored panel (symbols × dates): IC / rank IC, long-short portfolios,
// direction accuracy per symbol / sector / pooled, leave-symbols-out. Pure functions on ScoredRow arrays.
export { groupByDate, averageRanks, pearsonCorrelation, spearmanCorrelation, neweyWestSe, type ScoredRow, type DateGroups } from './panel';
export * from './ic';
export * from './portfolio';
export * from './accuracy';
export * from './leave-out';

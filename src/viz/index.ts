// public API of src/viz (re-exported by src/index.ts)
// Figure builders (pure: data in, Plotly figure JSON out)
export * from './figure';
export * from './candlestick';
export * from './line';
export * from './bar';
export * from './heatmap';
export * from './roc';
export * from './reliability';
export * from './scatter';
export * from './regime';
export * from './table';
export * from './correlation';
export * from './panels';
// HTML and notebook display
export * from './html';
export * from './notebook';
export * from './progress';
export * from './notebook-params';

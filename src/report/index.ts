// public API of src/report (headless notebook execution and HTML reports). The lead re-exports it from src/index.ts.
export * from './jupyter';
export * from './inspect';
export * from './index-page';
export * from './render';

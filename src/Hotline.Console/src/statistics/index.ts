// What other folders may use from statistics (the import-boundary rule in eslint.config.js lets them
// import this file only).
export { canReadStatistics, fetchLiveStatistics } from './api';
export { CountChart, type ChartSeries } from './BarChart';
export { formatCount, formatPercent, formatSeconds } from './format';
export { StatisticsArea } from './StatisticsArea';

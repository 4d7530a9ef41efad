// What other folders may use from state (the import-boundary rule in eslint.config.js lets them import
// this file only).
export {
  type ConsoleAction,
  type ConsoleState,
  consoleReducer,
  initialConsoleState,
  type ShownNotice,
  waitingSince,
} from './consoleReducer';
export { type DisplayStatus, displayStatus, inWrapUp, longestWaitMs, needsSnapshot, serverNow, strandedCalls } from './consoleSelectors';
export { longestWaitNowSeconds } from './liveStatistics';

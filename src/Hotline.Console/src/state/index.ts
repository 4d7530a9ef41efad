// What other folders may use from state (the import-boundary rule in eslint.config.js lets them import
// this file only).
export {
  type ConsoleAction,
  type ConsoleState,
  consoleReducer,
  type DisplayStatus,
  displayStatus,
  initialConsoleState,
  inWrapUp,
  longestWaitMs,
  needsSnapshot,
  serverNow,
  type ShownNotice,
  strandedCalls,
  waitingSince,
} from './consoleReducer';
export { longestWaitNowSeconds } from './liveStatistics';

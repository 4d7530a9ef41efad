// What other folders may use from realtime (the import-boundary rule in eslint.config.js lets them
// import this file only).
export { ConsoleContext, type ConsoleServices, useConsole, useConsoleState } from './ConsoleContext';
export { ConsoleConnection, ConsoleStore } from './consoleConnection';

// What other folders may use from shell (the import-boundary rule in eslint.config.js lets them import
// this file only).
export { Workspace } from './Workspace';

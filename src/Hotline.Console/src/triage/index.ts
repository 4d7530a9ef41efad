// What other folders may use from triage (the import-boundary rule in eslint.config.js lets them import
// this file only).
export { PastCallTriage } from './PastCallTriage';
export { PendingTriages } from './PendingTriages';
export { TriagePanel } from './TriagePanel';
export { clearAllDrafts, sessionDraftStorage } from './draft';

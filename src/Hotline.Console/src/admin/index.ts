// What other folders may use from admin (the import-boundary rule in eslint.config.js lets them import
// this file only).
export { canReadCompliance, isAdmin } from './admin';
export { RegisterArea } from './compliance/RegisterArea';
export { AuditArea } from './audit/AuditArea';
export { DirectoryArea } from './directory/DirectoryArea';

// What other folders may use from admin (the import-boundary rule in eslint.config.js lets them import
// this file only).
export { isAdmin } from './admin';
export { AuditArea } from './audit/AuditArea';
export { DirectoryArea } from './directory/DirectoryArea';

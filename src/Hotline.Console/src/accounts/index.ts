// What other folders may use from accounts (the import-boundary rule in eslint.config.js lets them import
// this file only).
export { AccountArea, MfaRequiredScreen, PasswordChangeRequiredScreen } from './AccountArea';
export { LoginPage } from './LoginPage';
export { UsersArea } from './UsersArea';

// What other folders may use from components (the import-boundary rule in eslint.config.js lets them
// import this file only).
export { ConnectionIndicator } from './ConnectionIndicator';
export { ConsoleArea } from './ConsoleApp';
export { DangerAlertBanner } from './DangerAlertBanner';
export { Header } from './Header';
export { LanguageSwitch } from './LanguageSwitch';
export { Notices } from './Notices';
export { OfferDialogHost } from './OfferDialog';
export { PresenceSwitcher } from './PresenceSwitcher';

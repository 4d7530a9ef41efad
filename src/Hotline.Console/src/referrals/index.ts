// What other folders may use from referrals (the import-boundary rule in eslint.config.js lets them
// import this file only).
export { formatDateTime } from './dates';
export { canReadReferrals } from './referralApi';
export { ReferralsArea } from './ReferralsArea';

import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { formatDateTime } from '../admin';
import '../admin.css';
import { ViewHeading } from '../fields';
import { getRegister, type ProcessingRegister, timeSpanDays } from './api';

/**
 * The register of the processing (GDPR art. 30) for the data protection officer and admins, as the server generates
 * it from its configuration in force: recipients by kind with purposes, legal bases and the minimum data sent; data
 * categories with their retention periods.
 */
export function RegisterArea() {
  const { m, language } = useI18n();
  const t = m.register;
  const [register, setRegister] = useState<ProcessingRegister | 'loading' | 'failed'>('loading');

  useEffect(() => {
    let cancelled = false;
    void getRegister().then((result) => {
      if (!cancelled) {
        setRegister(result.ok ? result.data : 'failed');
      }
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const detail = (code: string) => (t.details as Record<string, string>)[code] ?? code;
  const days = (period: string) => t.days(timeSpanDays(period));

  return (
    <div className="admin register">
      <header className="admin__header">
        <div>
          <ViewHeading>{t.title}</ViewHeading>
          <p className="admin__intro">{t.intro}</p>
          {typeof register === 'object' ? <p className="admin__intro">{t.generatedAt(formatDateTime(register.generatedAt, language))}</p> : null}
        </div>
      </header>

      {register === 'loading' ? <p>{t.loading}</p> : null}
      {register === 'failed' ? <p role="alert">{t.loadFailed}</p> : null}
      {typeof register === 'object' ? (
        <>
          <section className="panel" aria-labelledby="register-processing">
            <h2 id="register-processing">{t.processing.title}</h2>
            <p>{t.processing.purpose}</p>
            <p>{t.processing.persons}</p>
            <p>{t.processing.notIntelligence}</p>
          </section>

          <section className="panel" aria-labelledby="register-recipients">
            <h2 id="register-recipients">{t.recipients.title}</h2>
            <div className="admin-table-wrap">
              <table className="admin-table" data-testid="register-recipients">
                <thead>
                  <tr>
                    <th scope="col">{t.recipients.kind}</th>
                    <th scope="col">{t.recipients.active}</th>
                    <th scope="col">{t.recipients.purposes}</th>
                    <th scope="col">{t.recipients.legalBases}</th>
                    <th scope="col">{t.recipients.withAgreement}</th>
                    <th scope="col">{t.recipients.withoutAgreement}</th>
                  </tr>
                </thead>
                <tbody>
                  {register.recipients.map((recipient) => (
                    <tr key={recipient.kind} data-kind={recipient.kind}>
                      <th scope="row">{m.referrals.kinds[recipient.kind]}</th>
                      <td>{recipient.activeServices}</td>
                      <td>{recipient.purposes.length > 0 ? recipient.purposes.map((p) => p.label).join(' ; ') : t.recipients.none}</td>
                      <td>
                        {recipient.legalBases.length > 0 ? recipient.legalBases.map((b) => b.label).join(' ; ') : t.recipients.none}
                      </td>
                      <td>{recipient.withFamilyAgreement.map(detail).join(', ')}</td>
                      <td>{recipient.withoutFamilyAgreement.map(detail).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section className="panel" aria-labelledby="register-categories">
            <h2 id="register-categories">{t.categories.title}</h2>
            <div className="admin-table-wrap">
              <table className="admin-table" data-testid="register-categories">
                <thead>
                  <tr>
                    <th scope="col">{t.categories.category}</th>
                    <th scope="col">{t.categories.sensitive}</th>
                    <th scope="col">{t.categories.encrypted}</th>
                    <th scope="col">{t.categories.kept}</th>
                  </tr>
                </thead>
                <tbody>
                  {register.dataCategories.map((category) => (
                    <tr key={category.kind}>
                      <th scope="row">{t.dataKinds[category.kind]}</th>
                      <td>{category.sensitive ? t.categories.yes : t.categories.no}</td>
                      <td>{category.encrypted ? t.categories.yes : t.categories.no}</td>
                      <td>
                        {category.retentionSettings
                          .map((setting) => {
                            const period = register.retention.find((r) => r.setting === setting)?.period;
                            return `${t.settings[setting] ?? setting} ${period ? days(period) : '?'}`;
                          })
                          .join(' ; ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section className="panel" aria-labelledby="register-retention">
            <h2 id="register-retention">{t.retention.title}</h2>
            <div className="admin-table-wrap">
              <table className="admin-table" data-testid="register-retention">
                <thead>
                  <tr>
                    <th scope="col">{t.retention.meaning}</th>
                    <th scope="col">{t.retention.period}</th>
                    <th scope="col">{t.retention.setting}</th>
                  </tr>
                </thead>
                <tbody>
                  {register.retention.map((entry) => (
                    <tr key={entry.setting}>
                      <th scope="row">{t.settings[entry.setting] ?? entry.setting}</th>
                      <td className="admin-table__nowrap">{days(entry.period)}</td>
                      <td className="admin-table__code">{entry.setting}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : null}
    </div>
  );
}

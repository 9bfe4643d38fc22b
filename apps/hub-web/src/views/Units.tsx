import { useState } from 'react';
import { qs, useApi, type User } from '../api';
import { lastMonth, monthStart, today } from '../dates';
import { useI18n, type DictKey } from '../i18n';
import { UNIT_LABELS } from '../types';
import { Panel } from '../ui';
import { FigureList, GenericList } from '../components/Generic';

type UnitKey = 'enforcement' | 'petitions' | 'social' | 'appraisal';
const TABS: { key: UnitKey; label: { zh: string; en: string } }[] = [
  { key: 'enforcement', label: UNIT_LABELS.enforcement },
  { key: 'petitions', label: UNIT_LABELS.petitions },
  { key: 'social', label: UNIT_LABELS.social },
  { key: 'appraisal', label: { zh: '考核评价', en: 'Appraisal' } },
];

/**
 * The units' pages: each panel reads its service's own API; a service that is down, or not
 * deployed, blanks only its panels. Access rules are the services' (a 403 shows as such).
 */
export default function Units({ user }: { user: User }) {
  const { L } = useI18n();
  const initial = (TABS.find((x) => x.key === user.unit)?.key ?? 'enforcement') as UnitKey;
  const [tab, setTab] = useState<UnitKey>(initial);
  return (
    <div className="units-page">
      <div role="tablist" aria-label="units" className="tabs">
        {TABS.map((x) => (
          <button key={x.key} role="tab" type="button" id={`tab-${x.key}`} aria-selected={tab === x.key} aria-controls={`tp-${x.key}`} onClick={() => setTab(x.key)}>
            {L(x.label)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tp-${tab}`} aria-labelledby={`tab-${tab}`} className="unit-panels">
        {tab === 'enforcement' && <Section panels={[['figures', '/api/v1/enforcement/figures', 'fig'], ['enforcementCases', '/api/v1/enforcement/cases?limit=20', 'list'], ['operations', '/api/v1/enforcement/operations', 'list']]} />}
        {tab === 'petitions' && (
          <Section
            panels={[
              ['figures', `/api/v1/petitions/figures${qs({ from: monthStart(), to: today() })}`, 'fig'],
              ['warning', '/api/v1/stability-warnings/current', 'fig'],
              ['petitions', '/api/v1/petitions?limit=20', 'list'],
              ['disputes', '/api/v1/disputes?limit=20', 'list'],
              ['followUps', '/api/v1/special-populations/overdue', 'list'],
            ]}
          />
        )}
        {tab === 'social' && (
          <Section
            panels={[
              ['figures', '/api/v1/service-requests/figures', 'fig'],
              ['careRecipients', '/api/v1/care-recipients?limit=20', 'list'],
              ['volunteers', '/api/v1/volunteers?limit=20', 'list'],
              ['supermarket', '/api/v1/supermarket/stock', 'list'],
            ]}
          />
        )}
        {tab === 'appraisal' && (
          <Section
            panels={[
              ['rankings', `/api/v1/appraisal/rankings${qs({ month: lastMonth(), of: 'compound' })}`, 'list'],
              ['notice', `/api/v1/appraisal/notices${qs({ month: lastMonth() })}`, 'list'],
            ]}
          />
        )}
      </div>
    </div>
  );
}

function Section({ panels }: { panels: [DictKey, string, 'fig' | 'list'][] }) {
  return (
    <>
      {panels.map(([title, path, kind]) => (
        <UnitPanel key={path} title={title} path={path} kind={kind} />
      ))}
    </>
  );
}

function UnitPanel({ title, path, kind }: { title: DictKey; path: string; kind: 'fig' | 'list' }) {
  const { t } = useI18n();
  const load = useApi<unknown>(path, 60_000);
  return (
    <Panel title={t(title)} load={load} testId={`unit-panel-${title}`}>
      {(d: unknown) => (kind === 'fig' ? <FigureList data={d} max={16} /> : <GenericList data={d} empty={t('empty')} max={20} />)}
    </Panel>
  );
}

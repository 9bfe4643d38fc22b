import type * as C from '@grid122/contracts';
import { lazy, Suspense, useState } from 'react';
import { qs, useApi, type User } from '../api';
import { useI18n } from '../i18n';
import { GRID_CLASS_LABELS, GRID_GRADE_LABELS, type Label } from '../labels';
import type { GridCollection, GridView, Page } from '../types';
import { num, Panel } from '../ui';
import { GenericList } from '../components/Generic';
import { useGridNames } from '../names';

// Leaflet's controls are titled in the page's language before the map is made.
const GridMap = lazy(() => import('../components/leafletLocale').then((m) => (m.localiseLeaflet(), import('../components/GridMap'))));

/** The registry's names of a grid's class (甲乙丙类) and a level-2 grid's grade (A/B/C级). */
const CLASS_LABELS: Record<string, Label> = { ...GRID_CLASS_LABELS, ...GRID_GRADE_LABELS };

type StaffReply = C.GridStaff.Reply;
type DepartmentsReply = C.GridDepartments.Reply;

/** 网格浏览: the tree and the map side by side, one grid's file, and the gaps report. */
export default function Grids({ user }: { user: User }) {
  const { t } = useI18n();
  const gridName = useGridNames();
  const scopeName = user.scope ? gridName(user.scope) : '—';
  const [selected, setSelected] = useState<string | null>(null);
  // A street's (or wider) account starts at its communities; a grid worker's at the grids of its own scope.
  const deep = (user.scope ?? '').split('.').length > 3;
  const top = useApi<Page<GridView>>(`/api/v1/grids${qs({ level: deep ? undefined : 'community', limit: 100 })}`);
  const topItems = (d: Page<GridView>) => {
    const least = Math.min(...d.items.map((g) => g.path.split('.').length));
    return d.items.filter((g) => g.path.split('.').length === least);
  };
  const shapes = useApi<GridCollection>(`/api/v1/grids.geojson${qs({ level: 'compound' })}`);
  const gaps = useApi<{ total: number; byLevel: Record<string, number>; grids: GridView[] }>('/api/v1/grids/gaps');

  return (
    <div className="grids">
      <h1 className="page-title sr-only">{t('grids')}</h1>
      <Panel title={t('treeTitle')} load={top} className="tree" testId="grid-tree">
        {(d: Page<GridView>) => (
          <ul role="tree" aria-label={t('treeTitle')}>
            {topItems(d).map((g) => (
              <TreeNode key={g.id} grid={g} selected={selected} onSelect={setSelected} depth={1} />
            ))}
          </ul>
        )}
      </Panel>
      <Panel title={t('map')} load={shapes} className="mapbox">
        {() => (
          <Suspense fallback={null}>
            <GridMap grids={shapes.data} selectedId={selected} onSelect={setSelected} label={t('map')} height={460} />
          </Suspense>
        )}
      </Panel>
      <div className="grid-side">
        {selected ? <GridFile id={selected} /> : <p className="muted pad">{scopeName}</p>}
        <Panel title={t('gaps')} load={gaps} testId="gaps">
          {(d: { total: number; grids: GridView[] }) => (
            <>
              <p>
                <strong>{num(d.total)}</strong>
              </p>
              <ul className="rows compact">
                {d.grids.slice(0, 20).map((g) => (
                  <li key={g.id}>
                    <button type="button" className="link" onClick={() => setSelected(g.id)}>
                      {g.name}
                    </button>
                    <span className="muted mono">{g.code}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Panel>
      </div>
    </div>
  );
}

function TreeNode({ grid, selected, onSelect, depth }: { grid: GridView; selected: string | null; onSelect: (id: string) => void; depth: number }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const leaf = grid.level === 'building_cluster';
  const kids = useApi<Page<GridView>>(open && !leaf ? `/api/v1/grids${qs({ parent: grid.id, limit: 200 })}` : null);
  return (
    <li role="treeitem" aria-expanded={leaf ? undefined : open} aria-selected={selected === grid.id} aria-level={depth}>
      <div className="node">
        {!leaf && (
          <button type="button" className="twisty" onClick={() => setOpen(!open)} aria-label={`${open ? t('collapse') : t('expand')} ${grid.name}`}>
            {open ? '▾' : '▸'}
          </button>
        )}
        <button type="button" className={`link ${selected === grid.id ? 'current' : ''}`} onClick={() => onSelect(grid.id)}>
          {grid.name}
        </button>
      </div>
      {open && kids.data && (
        <ul role="group">
          {kids.data.items.map((k) => (
            <TreeNode key={k.id} grid={k} selected={selected} onSelect={onSelect} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

function GridFile({ id }: { id: string }) {
  const { t, L } = useI18n();
  const grid = useApi<GridView>(`/api/v1/grids/${id}`);
  const staff = useApi<StaffReply>(`/api/v1/grids/${id}/staff`);
  const deps = useApi<DepartmentsReply>(`/api/v1/grids/${id}/departments`);
  const party = useApi<unknown>(`/api/v1/party-organisations${qs({ gridId: id })}`);
  return (
    <>
      <Panel title={grid.data?.name ?? t('grid')} load={grid} testId="grid-file">
        {(g: GridView) => (
          <dl className="kv">
            <div>
              <dt>{t('code')}</dt>
              <dd className="mono">{g.code}</dd>
            </div>
            <div>
              <dt>{t('grid')}</dt>
              <dd>{L(g.levelLabel, '—')}</dd>
            </div>
            <div>
              <dt>{t('gridClass')}</dt>
              <dd>{g.gridClass ? L(CLASS_LABELS[g.gridClass], '—') : g.grade ? L(CLASS_LABELS[g.grade], '—') : '—'}</dd>
            </div>
            <div>
              <dt>{t('households')}</dt>
              <dd>{num(g.households)}</dd>
            </div>
            <div>
              <dt>{t('buildings')}</dt>
              <dd>{num(g.buildings)}</dd>
            </div>
            <div>
              <dt>{t('shopfronts')}</dt>
              <dd>{num(g.shopfronts)}</dd>
            </div>
            <div>
              <dt>{t('head')}</dt>
              <dd>{g.head?.name ?? '—'}</dd>
            </div>
          </dl>
        )}
      </Panel>
      <Panel title={t('heads')} load={staff} testId="grid-staff">
        {(d: StaffReply) =>
          d.members.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ul className="rows">
              {d.members.map((m) => (
                <li key={m.assignmentId}>
                  <span className="grow">{m.name}</span>
                  <span className="tag">{L(m.roleLabel, '—')}</span>
                  {m.phone && <span className="muted mono">{m.phone}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </Panel>
      <Panel title={t('departments')} load={deps} testId="grid-departments">
        {(d: DepartmentsReply) =>
          d.departments.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ul className="rows">
              {d.departments.map((x) => (
                <li key={x.departmentId}>
                  <span className="grow">{x.name}</span>
                  <span className="muted">
                    {t('seconded')}：{x.secondedStaff.length ? x.secondedStaff.map((s) => s.name).join('、') : '—'}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Panel>
      <Panel title={t('party')} load={party}>
        {(d: unknown) => <GenericList data={d} empty={t('empty')} />}
      </Panel>
    </>
  );
}

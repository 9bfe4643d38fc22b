import { Injectable } from '@nestjs/common';
import {
  Actor,
  CreateGrid,
  ExportGridsGeoJson,
  GRID_LEVEL_LABELS,
  GridClass,
  GridDetail,
  GridGaps,
  PostRequirement,
  REQUIRED_POSTS,
  GridGrade,
  GridHistory,
  GridLedger,
  GridLedgerRow,
  GridLevel,
  GridChangedData,
  ImportGrids,
  ListGrids,
  ListGridPolygons,
  LocateGrid,
  MERGE_THRESHOLD_HOUSEHOLDS,
  RegistryErrorCode,
  RegistryEvents,
  UpdateGrid,
  GridNeighbours,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { decodeCursor, keysetPage } from '@grid122/persistence';
import { isWithinScope, narrowScope } from '@grid122/access';
import { DataSource, EntityManager } from 'typeorm';
import { assertCanWrite, foundGrid, gridNotFound, scopeParam } from '../shared/access';
import { checkChildCode, childLevelOf, defaultLabel, LEVEL_ORDER, nextChildCode } from './grid-code';
import { COVER_TOLERANCE_DEG, GridRepository, NewGridRow } from './grid.repository';
import { GridRow, toDetail, toSummary, toView } from './grid.mapper';
import { polygonStructureProblem } from './polygon-check';
import { polygonPage } from './polygon-page';

const fieldError = (field: string, message: string) => AppError.validation([{ field, messages: [message] }]);

/** Thrown inside a dry-run import's transaction to roll it back after the checks passed. */
class DryRunRollback extends Error {}

/** The grid tree: scoping, codes and paths, the level and merge rules, shapes and their history. */
@Injectable()
export class GridService {
  constructor(
    private readonly ds: DataSource,
    private readonly grids: GridRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async list(actor: Actor, req: ListGrids.Request): Promise<ListGrids.Reply> {
    const limit = req.limit ?? 100;
    let rootPath: string | undefined;
    if (req.root) rootPath = (await this.visible(actor, req.root)).path;
    const after = req.cursor ? decodeCursor(req.cursor, ['path']) : null;
    const rows = await this.grids.list({
      scope: scopeParam(actor),
      parentId: req.parent,
      rootPath,
      level: req.level,
      cls: req.class,
      q: req.q,
      afterPath: after?.[0],
      limit: limit + 1,
    });
    return keysetPage(rows, limit, toView, (r) => [r.path]);
  }

  async get(actor: Actor, id: string): Promise<GridDetail> {
    const row = await this.grids.detail(id, scopeParam(actor));
    if (!row) throw gridNotFound(id);
    return toDetail(row);
  }

  async history(actor: Actor, id: string): Promise<GridHistory.Reply> {
    await this.visible(actor, id);
    const rows = await this.grids.history(id);
    return {
      gridId: id,
      versions: rows.map((r) => ({
        version: r.version,
        name: r.name,
        path: r.path,
        parentId: r.parent_id,
        change: r.change,
        validFrom: r.valid_from.toISOString(),
        validTo: r.valid_to?.toISOString() ?? null,
        polygon: JSON.parse(r.polygon),
      })),
    };
  }

  /** L3 polygons for an in-process locate (the office's grid index). The whole map: polygons hold no personal data. */
  async polygons(req: ListGridPolygons.Request): Promise<ListGridPolygons.Reply> {
    return polygonPage(await this.grids.polygons(req), req);
  }

  async locate(actor: Actor, req: LocateGrid.Request): Promise<LocateGrid.Reply> {
    let at: Date | null = null;
    if (req.at) {
      at = new Date(req.at);
      if (Number.isNaN(at.getTime())) throw fieldError('at', 'at must be an ISO 8601 time');
    }
    const rows = at ? await this.grids.locateAt(req.lng, req.lat, scopeParam(actor), at) : await this.grids.locateNow(req.lng, req.lat, scopeParam(actor));
    if (rows.length === 0) {
      throw new AppError(RegistryErrorCode.PointOnNoGrid, `No grid${actor.scope ? ' in your scope' : ''} contains the point (${req.lng}, ${req.lat})${at ? ` at ${at.toISOString()}` : ''}`, {
        lng: req.lng,
        lat: req.lat,
        at: at?.toISOString() ?? null,
      });
    }
    const all = rows.map(toSummary);
    return { grid: all[all.length - 1], ancestors: all.slice(0, -1) };
  }

  async create(actor: Actor, req: CreateGrid.Request): Promise<GridDetail> {
    assertCanWrite(actor);
    const polygon = JSON.stringify(req.polygon);
    return this.ds.transaction(async (m) => {
      const parent = foundGrid(await this.grids.lockInScope(m, req.parentId, scopeParam(actor)), req.parentId);
      this.checkLevel(parent, req.level, 'level');
      this.checkAttributes(req.level, req, 'households');
      await this.checkPolygon(m, polygon, 'polygon');
      if (!(await this.grids.coveredByGrid(m, polygon, parent.id))) {
        throw new AppError(RegistryErrorCode.OutsideParent, `The polygon is not inside the parent grid ${parent.code.trim()} (${parent.name})`, { field: 'polygon', parentCode: parent.code.trim() });
      }
      const code = await this.codeFor(m, req.level, parent, req.code);
      const label = req.label ?? defaultLabel(req.level, code);
      const row: NewGridRow = {
        code,
        name: req.name,
        level: req.level,
        path: `${parent.path}.${label}`,
        parentId: parent.id,
        polygon,
        households: req.households ?? 0,
        buildings: req.buildings ?? 0,
        shopfronts: req.shopfronts ?? 0,
        gridClass: req.gridClass ?? null,
        grade: req.grade ?? null,
        mergeReason: req.mergeReason ?? null,
        clusterKind: req.clusterKind ?? null,
      };
      const id = await this.grids.insert(m, row, actor.id);
      await this.outbox.add(m, {
        type: RegistryEvents.GridCreated,
        gridPath: row.path,
        data: { gridId: id, code, name: row.name, level: row.level, path: row.path, previousPath: null, version: 1, change: 'created' },
      });
      return toDetail((await this.grids.detail(id, '', m))!);
    });
  }

  async update(actor: Actor, req: UpdateGrid.Request): Promise<GridDetail> {
    assertCanWrite(actor);
    return this.ds.transaction(async (m) => {
      const scope = scopeParam(actor);
      const grid = foundGrid(await this.grids.lockInScope(m, req.id, scope), req.id);
      const merged = {
        households: req.households ?? grid.households,
        gridClass: req.gridClass,
        grade: req.grade,
        clusterKind: req.clusterKind,
        mergeReason: req.mergeReason ?? grid.merge_reason ?? undefined,
      };
      this.checkAttributes(grid.level, merged, req.households !== undefined ? 'households' : 'mergeReason');
      const polygon = req.polygon ? JSON.stringify(req.polygon) : null;
      const changes: GridChangedData['change'][] = [];
      let previousPath: string | null = null;
      let moved: string[] = [];

      if (req.parentId && req.parentId !== grid.parent_id) {
        if (req.parentId === grid.id) throw fieldError('parentId', 'a grid cannot be its own parent');
        const parent = foundGrid(await this.grids.lockInScope(m, req.parentId, scope), req.parentId);
        if (parent.path === grid.path || parent.path.startsWith(`${grid.path}.`)) throw fieldError('parentId', 'a grid cannot move under its own subtree');
        this.checkLevel(parent, grid.level, 'parentId');
        if (!(await this.grids.coveredByGrid(m, polygon ?? (await this.currentPolygon(m, grid.id)), parent.id))) {
          throw new AppError(RegistryErrorCode.OutsideParent, `The grid is not inside the new parent ${parent.code.trim()} (${parent.name})`, { field: 'parentId', parentCode: parent.code.trim() });
        }
        // The code stays (it is the grid's identity in old records); the path label must be free under the new parent.
        let label = grid.path.split('.').pop() as string;
        if (await this.grids.pathTaken(m, `${parent.path}.${label}`)) label = `${label}_${grid.code.trim().slice(-3)}`;
        if (await this.grids.pathTaken(m, `${parent.path}.${label}`)) label = `${label}_${grid.id.slice(0, 8)}`;
        previousPath = grid.path;
        moved = await this.grids.moveSubtree(m, grid.id, grid.path, `${parent.path}.${label}`, parent.id);
        changes.push('moved');
      }
      if (polygon) {
        await this.checkPolygon(m, polygon, 'polygon');
        if (grid.parent_id && !req.parentId && !(await this.grids.coveredByGrid(m, polygon, grid.parent_id))) {
          throw new AppError(RegistryErrorCode.OutsideParent, 'The new shape is not inside the parent grid', { field: 'polygon' });
        }
        const outside = await this.grids.childrenOutside(m, grid.id, polygon);
        if (outside.length > 0) {
          throw new AppError(RegistryErrorCode.OutsideParent, `The new shape would leave ${outside.length} child grid(s) outside: ${outside.slice(0, 10).join(', ')}`, { field: 'polygon', childCodes: outside });
        }
        changes.push('reshaped');
      }
      if (req.name && req.name !== grid.name) changes.push('renamed');
      if (polygon || changes.includes('renamed')) await this.grids.reshapeRename(m, grid.id, polygon, req.name ?? null);
      await this.grids.updateAttributes(m, grid.id, req);

      if (changes.length > 0) {
        const ids = Array.from(new Set([grid.id, ...moved]));
        await this.grids.newVersions(m, ids, changes[0], actor.id);
        const after = (await this.grids.findInScope(grid.id, '', m))!;
        await this.outbox.add(m, {
          type: RegistryEvents.GridChanged,
          gridPath: after.path,
          data: { gridId: grid.id, code: grid.code.trim(), name: after.name, level: grid.level, path: after.path, previousPath, version: after.version, change: changes[0] },
        });
      }
      const out = await this.grids.detail(grid.id, '', m);
      return toDetail(out!);
    });
  }

  async geojson(actor: Actor, req: ExportGridsGeoJson.Request): Promise<ExportGridsGeoJson.Reply> {
    const path = req.root ? (await this.visible(actor, req.root)).path : scopeParam(actor);
    const n = await this.grids.countSubtree(path, req.level);
    if (n > ExportGridsGeoJson.MAX_FEATURES) {
      throw new AppError(RegistryErrorCode.ExportTooLarge, `The subtree has ${n} grids; export at most ${ExportGridsGeoJson.MAX_FEATURES} at a time (choose a lower root or a level)`, { count: n, max: ExportGridsGeoJson.MAX_FEATURES });
    }
    return (await this.grids.geojson(path, req.level)) as ExportGridsGeoJson.Reply;
  }

  /**
   * Neighbouring grids of one level under a root in the caller's scope: sharing a border (within
   * COVER_TOLERANCE_DEG, the tolerance the tree's own checks use) or within `distanceM` metres
   * (converted at 111,320 m a degree: a neighbour rule, not a survey).
   */
  async neighbours(actor: Actor, req: GridNeighbours.Request): Promise<GridNeighbours.Reply> {
    const root = narrowScope(scopeParam(actor), req.root);
    if (root === null) throw AppError.forbidden(`root ${req.root} is outside your scope`);
    const n = await this.grids.countSubtree(root, req.level);
    if (n > GridNeighbours.MAX_PLACES) {
      throw new AppError(RegistryErrorCode.ExportTooLarge, `The subtree has ${n} grids of level ${req.level}; at most ${GridNeighbours.MAX_PLACES} (choose a lower root or a higher level)`, { count: n, max: GridNeighbours.MAX_PLACES });
    }
    const distanceM = req.distanceM ?? 0;
    const { places, pairs } = await this.grids.neighbours(root, req.level, Math.max(COVER_TOLERANCE_DEG, distanceM / 111_320));
    const index = new Map(places.map((p, i) => [p.path, i]));
    return {
      root,
      level: req.level,
      distanceM,
      places: places.map((p) => ({ id: p.id, path: p.path, name: p.name, centroid: [Number(p.lng), Number(p.lat)] })),
      pairs: pairs.map((p) => [index.get(p.a)!, index.get(p.b)!]),
    };
  }

  async gaps(actor: Actor, req: GridGaps.Request): Promise<GridGaps.Reply> {
    const path = req.root ? (await this.visible(actor, req.root)).path : scopeParam(actor);
    const [rows, posted] = await Promise.all([this.grids.gaps(path), this.grids.postsOf(path)]);
    const byLevel = { community: 0, compound: 0, building_cluster: 0 };
    for (const r of rows) byLevel[r.level as keyof typeof byLevel]++;
    type Level = keyof typeof REQUIRED_POSTS;
    const label = ({ key, zh, en }: PostRequirement) => ({ key, zh, en });
    const required = Object.fromEntries(Object.entries(REQUIRED_POSTS).map(([level, reqs]) => [level, reqs.map(label)])) as GridGaps.Reply['posts']['required'];
    const postsByLevel = Object.fromEntries(Object.entries(REQUIRED_POSTS).map(([level, reqs]) => [level, Object.fromEntries(reqs.map((r) => [r.key, 0]))])) as GridGaps.Reply['posts']['byLevel'];
    const unfilled: GridGaps.Reply['posts']['grids'] = [];
    for (const g of posted) {
      const held = new Set(g.roles);
      const missing = REQUIRED_POSTS[g.level as Level].filter((r) => !r.roles.some((role) => held.has(role)));
      if (!missing.length) continue;
      for (const m of missing) postsByLevel[g.level as Level][m.key]++;
      unfilled.push({ ...toSummary(g), missing: missing.map(label) });
    }
    return { total: rows.length, byLevel, grids: rows.map(toSummary), posts: { required, total: unfilled.length, byLevel: postsByLevel, grids: unfilled } };
  }

  async ledger(actor: Actor, req: Pick<GridLedger.Request, 'root'>): Promise<{ generatedAt: string; rows: GridLedgerRow[] }> {
    const path = req.root ? (await this.visible(actor, req.root)).path : scopeParam(actor);
    const n = await this.grids.countSubtree(path);
    if (n > GridLedger.MAX_ROWS) throw new AppError(RegistryErrorCode.ExportTooLarge, `The ledger would have ${n} rows; at most ${GridLedger.MAX_ROWS}`, { count: n, max: GridLedger.MAX_ROWS });
    const rows = await this.grids.ledger(path);
    return { generatedAt: new Date().toISOString(), rows: rows.map((r) => ({ ...r, levelLabel: GRID_LEVEL_LABELS[r.level].zh })) };
  }

  /**
   * All or nothing: every feature is checked (structure, PostGIS validity, code, level, parent,
   * merge rule), then written parent-first in one transaction, then checked to lie inside its
   * parent. Any problem rejects the whole file, naming each bad feature by index and code.
   */
  async import(actor: Actor, req: ImportGrids.Request): Promise<ImportGrids.Reply> {
    assertCanWrite(actor);
    const scope = scopeParam(actor);
    const problems: ImportGrids.FeatureProblem[] = [];
    const bad = (index: number, code: string | null, field: string, reason: string) => problems.push({ index, code, field, reason });
    type Parsed = { index: number; code: string; name: string; level: GridLevel; parentCode: string; label?: string; polygon: string; households: number; buildings: number; shopfronts: number; gridClass: string | null; grade: string | null; mergeReason: string | null; clusterKind: string | null };
    const parsed: Parsed[] = [];
    const seen = new Map<string, number>();

    req.features.forEach((f, index) => {
      const p = f.properties as Record<string, unknown>;
      const code = typeof p.code === 'string' ? p.code : null;
      const before = problems.length;
      if (!code || !/^\d{15}$/.test(code)) bad(index, code, 'properties.code', 'code must be a 15-digit string');
      else if (seen.has(code)) bad(index, code, 'properties.code', `duplicate of feature ${seen.get(code)}`);
      else seen.set(code, index);
      if (typeof p.name !== 'string' || p.name.length < 1 || p.name.length > 100) bad(index, code, 'properties.name', 'name must be 1-100 characters');
      const level = p.level as GridLevel;
      if (!LEVEL_ORDER.includes(level) || level === GridLevel.City) bad(index, code, 'properties.level', `level must be one of ${LEVEL_ORDER.slice(1).join(', ')}`);
      if (typeof p.parentCode !== 'string' || !/^\d{15}$/.test(p.parentCode)) bad(index, code, 'properties.parentCode', 'parentCode must be a 15-digit string');
      if (p.label !== undefined && (typeof p.label !== 'string' || !/^[a-z0-9_]{1,40}$/.test(p.label))) bad(index, code, 'properties.label', 'label must be lowercase letters, digits or _');
      const ints: Record<string, number> = {};
      for (const k of ['households', 'buildings', 'shopfronts']) {
        const v = p[k] ?? 0;
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) bad(index, code, `properties.${k}`, `${k} must be a non-negative integer`);
        else ints[k] = v;
      }
      const opt = (k: string) => (p[k] === undefined || p[k] === null ? null : String(p[k]));
      const structure = polygonStructureProblem(f.geometry);
      if (structure) bad(index, code, 'geometry', structure);
      if (problems.length > before) return;
      const row = {
        index,
        code: code!,
        name: p.name as string,
        level,
        parentCode: p.parentCode as string,
        label: p.label as string | undefined,
        polygon: JSON.stringify({ type: 'Polygon', coordinates: (f.geometry as { coordinates: unknown }).coordinates }),
        households: ints.households,
        buildings: ints.buildings,
        shopfronts: ints.shopfronts,
        gridClass: opt('gridClass'),
        grade: opt('grade'),
        mergeReason: opt('mergeReason'),
        clusterKind: opt('clusterKind'),
      };
      try {
        this.checkAttributes(level, { households: row.households, gridClass: (row.gridClass ?? undefined) as GridClass, grade: (row.grade ?? undefined) as GridGrade, mergeReason: row.mergeReason ?? undefined, clusterKind: row.clusterKind ?? undefined }, 'properties.households');
      } catch (e) {
        bad(index, code, 'properties', (e as Error).message);
        return;
      }
      parsed.push(row);
    });

    const run = async (m: EntityManager): Promise<ImportGrids.Reply> => {
      // PostGIS's verdict: self-intersections, spikes, holes outside the shell...
      let verdicts: { valid: boolean; reason: string }[];
      try {
        verdicts = await this.grids.validity(m, parsed.map((x) => x.polygon));
      } catch {
        verdicts = [];
        for (const x of parsed) {
          verdicts.push(await this.grids.validity(m, [x.polygon]).then((v) => v[0], (e) => ({ valid: false, reason: (e as Error).message })));
        }
      }
      parsed.forEach((x, i) => {
        if (!verdicts[i].valid) bad(x.index, x.code, 'geometry', `invalid polygon: ${verdicts[i].reason}`);
      });

      const existing = new Map((await this.grids.findByCodes(m, [...parsed.map((x) => x.code), ...parsed.map((x) => x.parentCode)])).map((g) => [g.code.trim(), g]));
      const inFile = new Map(parsed.map((x) => [x.code, x]));
      const levelOf = (code: string): GridLevel | undefined => inFile.get(code)?.level ?? existing.get(code)?.level;
      for (const x of parsed) {
        const parentLevel = levelOf(x.parentCode);
        const parentRow = existing.get(x.parentCode);
        if (!parentLevel) bad(x.index, x.code, 'properties.parentCode', `parent ${x.parentCode} is neither in the registry nor in the file`);
        else if (childLevelOf(parentLevel) !== x.level) bad(x.index, x.code, 'properties.level', `a ${x.level} cannot sit under a ${parentLevel}`);
        else if (parentRow && !inFile.has(x.parentCode) && !isWithinScope(parentRow.path, scope)) bad(x.index, x.code, 'properties.parentCode', `parent ${x.parentCode} is outside your scope`);
        else {
          const why = checkChildCode(x.level, x.code, x.parentCode);
          if (why) bad(x.index, x.code, 'properties.code', why);
        }
        const known = existing.get(x.code);
        if (known) {
          if (known.level !== x.level) bad(x.index, x.code, 'properties.level', `grid ${x.code} exists as a ${known.level}`);
          if (existing.get(x.parentCode)?.id !== known.parent_id) bad(x.index, x.code, 'properties.parentCode', `grid ${x.code} exists under another parent; move it with PATCH /grids/{id}`);
          if (!isWithinScope(known.path, scope)) bad(x.index, x.code, 'properties.code', `grid ${x.code} is outside your scope`);
        }
      }
      if (problems.length > 0) throw this.rejected(problems, req.features.length);

      // Parents first, so each child finds its parent's path.
      const ordered = [...parsed].sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.code.localeCompare(b.code));
      const pathOf = new Map<string, { id: string; path: string }>([...existing.values()].map((g) => [g.code.trim(), { id: g.id, path: g.path }]));
      let created = 0;
      let reshaped = 0;
      let unchanged = 0;
      const touched: string[] = [];
      for (const x of ordered) {
        const known = existing.get(x.code);
        if (known) {
          const rows: { same: boolean }[] = await m.query(`SELECT ST_Equals(polygon, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)) AS same FROM registry.grids WHERE id = $1`, [known.id, x.polygon]);
          await this.grids.updateAttributes(m, known.id, { households: x.households, buildings: x.buildings, shopfronts: x.shopfronts, gridClass: x.gridClass ?? undefined, grade: x.grade ?? undefined, mergeReason: x.mergeReason ?? undefined, clusterKind: x.clusterKind ?? undefined });
          if (rows[0]?.same && known.name === x.name) {
            unchanged++;
          } else {
            await this.grids.reshapeRename(m, known.id, x.polygon, x.name);
            await this.grids.newVersions(m, [known.id], 'imported', actor.id);
            reshaped++;
          }
        } else {
          const parent = pathOf.get(x.parentCode)!;
          const path = `${parent.path}.${x.label ?? defaultLabel(x.level, x.code)}`;
          const id = await this.grids.insert(m, { ...x, path, parentId: parent.id, gridClass: x.gridClass, grade: x.grade }, actor.id);
          pathOf.set(x.code, { id, path });
          created++;
        }
        touched.push(x.code);
      }
      const outside = await this.grids.outsideParent(m, touched);
      if (outside.length > 0) {
        for (const code of outside) bad(inFile.get(code)!.index, code, 'geometry', 'the polygon is not inside its parent grid');
        throw this.rejected(problems, req.features.length);
      }
      const reply = { created, reshaped, unchanged, dryRun: req.dryRun === true, codes: touched };
      if (req.dryRun) throw new DryRunRollback(JSON.stringify(reply));
      await this.outbox.add(m, { type: RegistryEvents.GridsImported, gridPath: scope || null, data: { created, reshaped, unchanged, codes: touched } });
      return reply;
    };

    if (problems.length > 0 && parsed.length === 0) throw this.rejected(problems, req.features.length);
    try {
      return await this.ds.transaction(run);
    } catch (e) {
      if (e instanceof DryRunRollback) return JSON.parse(e.message);
      // A duplicate path label (two grids with one label under one parent) surfaces here.
      if ((e as { driverError?: { code?: string; constraint?: string } }).driverError?.code === '23505') {
        throw new AppError(RegistryErrorCode.ImportRejected, `Nothing was imported: ${(e as { driverError: { detail?: string } }).driverError.detail ?? 'a code or path is already taken'}`, { features: problems });
      }
      throw e;
    }
  }

  // ---- rules ----------------------------------------------------------------------------------

  /** The grid if the actor may see it; 404 otherwise (never 403, so ids outside scope leak nothing). */
  async visible(actor: Actor, id: string): Promise<GridRow> {
    const g = foundGrid(await this.grids.findInScope(id, scopeParam(actor)), id);
    return g;
  }

  private rejected(problems: ImportGrids.FeatureProblem[], total: number): AppError {
    const bad = new Set(problems.map((p) => p.index)).size;
    const first = problems[0];
    return new AppError(
      RegistryErrorCode.ImportRejected,
      `${bad} of ${total} features are bad; nothing was imported. First: feature ${first.index}${first.code ? ` (${first.code})` : ''} ${first.field}: ${first.reason}`,
      { features: problems },
    );
  }

  private checkLevel(parent: GridRow, level: GridLevel, field: string): void {
    const expected = childLevelOf(parent.level);
    if (expected !== level) {
      throw new AppError(RegistryErrorCode.LevelMismatch, `A ${level} cannot sit under a ${parent.level} (${parent.name}); expected ${expected ?? 'nothing'}`, {
        field,
        parentLevel: parent.level,
        expected,
      });
    }
  }

  /** Class only on level 1, grade only on level 2, and the "<300 households merge" rule on level 2. */
  private checkAttributes(level: GridLevel, a: { households?: number; gridClass?: GridClass; grade?: GridGrade; mergeReason?: string; clusterKind?: string }, householdsField: string): void {
    if (a.gridClass && level !== GridLevel.Community) throw fieldError('gridClass', 'gridClass (甲/乙/丙) applies to level-1 grids (communities) only');
    if (a.grade && level !== GridLevel.Compound) throw fieldError('grade', 'grade (A/B/C) applies to level-2 grids (compounds) only');
    if (a.clusterKind && level !== GridLevel.BuildingCluster) throw fieldError('clusterKind', 'clusterKind applies to level-3 grids only');
    if (level === GridLevel.Compound && (a.households ?? 0) < MERGE_THRESHOLD_HOUSEHOLDS && !a.mergeReason?.trim()) {
      throw new AppError(
        RegistryErrorCode.MergeReasonRequired,
        `A level-2 grid of ${a.households ?? 0} households (under ${MERGE_THRESHOLD_HOUSEHOLDS}) must merge with neighbours: give mergeReason`,
        { field: householdsField, households: a.households ?? 0, threshold: MERGE_THRESHOLD_HOUSEHOLDS },
      );
    }
  }

  private async checkPolygon(m: EntityManager, polygon: string, field: string): Promise<void> {
    const structure = polygonStructureProblem(JSON.parse(polygon));
    if (structure) throw new AppError(RegistryErrorCode.InvalidGeometry, `${field}: ${structure}`, { field, reason: structure });
    const [v] = await this.grids.validity(m, [polygon]);
    if (!v.valid) throw new AppError(RegistryErrorCode.InvalidGeometry, `${field}: invalid polygon: ${v.reason}`, { field, reason: v.reason });
  }

  private async currentPolygon(m: EntityManager, id: string): Promise<string> {
    const rows = await m.query(`SELECT ST_AsGeoJSON(polygon) AS p FROM registry.grids WHERE id = $1`, [id]);
    return rows[0].p;
  }

  private async codeFor(m: EntityManager, level: GridLevel, parent: GridRow, given?: string): Promise<string> {
    if (given) {
      const why = checkChildCode(level, given, parent.code);
      if (why) throw fieldError('code', `code ${why}`);
      return given;
    }
    const code = nextChildCode(level, parent.code, await this.grids.childCodes(m, parent.id));
    if (code === null) {
      if (level === GridLevel.District || level === GridLevel.City) throw fieldError('code', `a ${level} code is administrative: give it`);
      throw new AppError(RegistryErrorCode.CodeSpaceExhausted, `No free ${level} code left under ${parent.code.trim()}`, { parentCode: parent.code.trim() });
    }
    return code;
  }
}

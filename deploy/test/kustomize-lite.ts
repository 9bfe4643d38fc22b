/**
 * A deliberately small kustomize renderer for deploy/k8s, used by manifests.e2e-spec.ts when
 * `kubectl kustomize` is not on the machine. When kubectl is there, the spec renders with both and
 * asserts they agree, so this file cannot silently drift from real kustomize.
 *
 * Supported (everything deploy/k8s uses, nothing more):
 *   resources   files (multi-document YAML) and directories holding a kustomization.yaml
 *   namespace   set on every namespaced object
 *   images      name -> newName / newTag / digest, on containers and initContainers
 *   replicas    name -> count, on Deployments / StatefulSets
 *   patches     `path:` to a strategic-merge patch (one or more documents), each naming its target by
 *               apiVersion/kind + metadata.name; no `target:`, no JSON6902, no `$patch` directives
 * Anything else in a kustomization.yaml throws, so a new feature has to be added here (and will then
 * be checked against kubectl) rather than being silently ignored.
 *
 * Strategic merge as kustomize does it for these fields: maps merge recursively, `null` deletes a
 * key, lists of containers / initContainers / env / volumes / imagePullSecrets merge by `name` and
 * volumeMounts by `mountPath` (the patch's items first, in patch order, then the untouched
 * originals), every other list is replaced.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
};

type Kustomization = {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  replicas?: { name: string; count: number }[];
  patches?: { path?: string; patch?: string; target?: unknown; options?: unknown }[];
};

const SUPPORTED_KEYS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'replicas', 'patches']);

/** Kinds this renderer treats as cluster-scoped (no namespace is set on them). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume',
  'StorageClass', 'PriorityClass', 'IngressClass', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

/** Strategic-merge keys by field name, for the lists deploy/k8s may patch. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
};
/** Lists whose strategic-merge semantics this renderer does not reproduce: patching them throws. */
const UNSUPPORTED_LISTS = new Set(['ports', 'tolerations', 'hostAliases', 'resourceClaims']);

export function loadYamlDocuments(file: string): K8sObject[] {
  return yaml
    .loadAll(fs.readFileSync(file, 'utf8'))
    .filter((d): d is K8sObject => d !== null && d !== undefined);
}

function kustomizationFile(dir: string): string {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    const f = path.join(dir, name);
    if (fs.existsSync(f)) return f;
  }
  throw new Error(`no kustomization.yaml in ${dir}`);
}

export function readKustomization(dir: string): Kustomization {
  const k = yaml.load(fs.readFileSync(kustomizationFile(dir), 'utf8')) as Kustomization;
  for (const key of Object.keys(k)) {
    if (!SUPPORTED_KEYS.has(key)) {
      throw new Error(`kustomize-lite: "${key}" in ${dir} is not supported; extend deploy/test/kustomize-lite.ts`);
    }
  }
  return k;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function strategicMerge(original: unknown, patch: unknown, field = ''): unknown {
  if (isMap(patch) && '$patch' in patch) throw new Error('kustomize-lite: $patch directives are not supported');
  if (isMap(original) && isMap(patch)) {
    const out: Record<string, unknown> = { ...original };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = k in original ? strategicMerge(original[k], v, k) : clone(v);
    }
    return out;
  }
  if (Array.isArray(original) && Array.isArray(patch)) {
    if (UNSUPPORTED_LISTS.has(field)) {
      throw new Error(`kustomize-lite: strategic merge of list "${field}" is not supported`);
    }
    const key = MERGE_KEYS[field];
    if (!key) return clone(patch);
    const byKey = new Map<unknown, unknown>();
    for (const item of original) if (isMap(item)) byKey.set(item[key], item);
    const patched = patch.map((p) => {
      if (!isMap(p)) throw new Error(`kustomize-lite: non-object item in keyed list "${field}"`);
      return byKey.has(p[key]) ? strategicMerge(byKey.get(p[key]), p, '') : clone(p);
    });
    const patchedKeys = new Set(patch.map((p) => (p as Record<string, unknown>)[key]));
    const untouched = original.filter((o) => !(isMap(o) && patchedKeys.has(o[key])));
    return [...patched, ...clone(untouched)];
  }
  return clone(patch);
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

function applyPatch(objects: K8sObject[], patch: K8sObject, source: string): void {
  const matches = objects.filter(
    (o) =>
      o.kind === patch.kind &&
      groupOf(o.apiVersion) === groupOf(patch.apiVersion) &&
      o.metadata.name === patch.metadata.name &&
      (patch.metadata.namespace === undefined || o.metadata.namespace === patch.metadata.namespace),
  );
  if (matches.length !== 1) {
    throw new Error(
      `kustomize-lite: patch ${patch.kind}/${patch.metadata.name} from ${source} matches ${matches.length} objects`,
    );
  }
  const target = matches[0];
  const merged = strategicMerge(target, patch) as K8sObject;
  for (const k of Object.keys(target)) delete (target as Record<string, unknown>)[k];
  Object.assign(target, merged);
}

type Container = { image?: string };
function podSpecOf(o: K8sObject): { containers?: Container[]; initContainers?: Container[] } | undefined {
  const spec = o.spec as Record<string, any> | undefined;
  if (!spec) return undefined;
  if (o.kind === 'CronJob') return spec.jobTemplate?.spec?.template?.spec;
  if (o.kind === 'Pod') return spec;
  return spec.template?.spec;
}

function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

function applyImages(objects: K8sObject[], images: NonNullable<Kustomization['images']>): void {
  for (const o of objects) {
    const pod = podSpecOf(o);
    if (!pod) continue;
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      if (!c.image) continue;
      const cur = parseImage(c.image);
      const rule = images.find((i) => i.name === cur.name);
      if (!rule) continue;
      const name = rule.newName ?? cur.name;
      if (rule.digest) c.image = `${name}@${rule.digest}`;
      else if (rule.newTag) c.image = `${name}:${rule.newTag}`;
      else c.image = `${name}${cur.tag ? `:${cur.tag}` : ''}${cur.digest ? `@${cur.digest}` : ''}`;
    }
  }
}

const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** Renders a kustomization directory to its list of objects (in resource order). */
export function renderKustomization(dir: string): K8sObject[] {
  const k = readKustomization(dir);
  const objects: K8sObject[] = [];
  for (const r of k.resources ?? []) {
    const p = path.resolve(dir, r);
    if (fs.statSync(p).isDirectory()) objects.push(...renderKustomization(p));
    else objects.push(...loadYamlDocuments(p));
  }
  for (const entry of k.patches ?? []) {
    if (!entry.path || entry.patch || entry.target || entry.options) {
      throw new Error(`kustomize-lite: only "patches: - path: <file>" is supported (in ${dir})`);
    }
    const file = path.resolve(dir, entry.path);
    for (const patch of loadYamlDocuments(file)) applyPatch(objects, patch, file);
  }
  if (k.namespace) {
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  }
  for (const r of k.replicas ?? []) {
    const targets = objects.filter((o) => SCALABLE.has(o.kind) && o.metadata.name === r.name);
    if (targets.length === 0) throw new Error(`kustomize-lite: replicas for unknown workload ${r.name} in ${dir}`);
    for (const t of targets) (t.spec as Record<string, unknown>).replicas = r.count;
  }
  if (k.images) applyImages(objects, k.images);
  return objects;
}

/** Every kustomization directory referenced from `dir`, itself included. */
export function kustomizationFiles(dir: string): string[] {
  const k = readKustomization(dir);
  const out = [kustomizationFile(dir)];
  for (const r of k.resources ?? []) {
    const p = path.resolve(dir, r);
    if (fs.statSync(p).isDirectory()) out.push(...kustomizationFiles(p));
  }
  return out;
}

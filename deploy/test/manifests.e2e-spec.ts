/**
 * Validation of everything under deploy/ (plus docker-compose.yml and .dockerignore):
 *   cd /work/main && npx jest deploy/test
 *
 * 1. Rendering. Every kustomization (base, overlays/street, overlays/district) is rendered with
 *    `kubectl kustomize` when kubectl is on the PATH, and always with the small renderer in
 *    ./kustomize-lite.ts; when both ran they must produce the same objects. GRID122_KUSTOMIZE=lite
 *    makes the built-in renderer the source of the checks below even when kubectl exists.
 * 2. Schema. Each rendered object is validated against the Kubernetes OpenAPI schemas bundled in the
 *    npm package `kubernetes-models` (4.x: CommonJS, Node >= 14), resolved from the project or, to try
 *    it without touching package.json, from K8S_MODELS_NODE_MODULES (e.g. /tmp/k8sval/node_modules).
 *    Without the package that block is skipped (reported as skipped, never passed).
 *    Those schemas do not reject unknown fields, so (3) adds a field allowlist for pod templates.
 * 3. Policy (always runs): known kinds; per app a Deployment + Service + PDB (+ HPA for gateway,
 *    office, grid-registry) with matching labels/selectors; probes, resources, non-root security
 *    context, image, migrate init container, env from the ConfigMap and the Secret; the
 *    NetworkPolicy; the Ingress; street vs district differences; the NATS Helm values; the
 *    CloudNativePG cluster; the Secret example.
 * 4. docker-compose.yml (structure; `docker compose config` too when the compose plugin exists),
 *    the Dockerfile, the .dockerignore files, and the container entrypoint and healthcheck scripts,
 *    which are executed here against a fake dist/ tree and a local HTTP server.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { AppName } from '@grid122/contracts';
import { PERSONAL_DATA_APPS, perAppVariable, PII_RING_VARIABLES } from '@grid122/config';
import {
  deployedNatsAuthorizationBlock,
  NATS_APPS,
  natsLeafPasswordEnv,
  natsLeafPermissions,
  natsLeafRemoteDeny,
  natsLeafUser,
  natsPasswordEnv,
  natsPermissions,
  streetLeafLink,
} from '@grid122/messaging';
import { K8sObject, kustomizationFiles, loadYamlDocuments, renderKustomization } from './kustomize-lite';

const ROOT = path.resolve(__dirname, '..', '..');
const DEPLOY = path.join(ROOT, 'deploy');
const K8S = path.join(DEPLOY, 'k8s');

// Each app and its own default port: the healthcheck's table, which the first test below checks against the apps.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const APPS = require('../docker/app-ports.json') as Record<string, number>;
const APP_NAMES = Object.keys(APPS);
const HPA_APPS = ['gateway', 'office', 'grid-registry'];
const SECRET_NAME = 'grid122-secrets';
const CONFIGMAP_NAME = 'grid122-config';
// The V8 options every service runs with; npm start and the benchmark add them from the same file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SERVICE_V8_OPTIONS } = require('../../scripts/lib/node-options.cjs') as { SERVICE_V8_OPTIONS: string[] };
const KUSTOMIZATIONS = ['base', 'overlays/street', 'overlays/district'];
const OVERLAYS = ['street', 'district'] as const;

/** apiVersion/kind pairs we expect in the rendered output (nothing else may appear). */
const KNOWN_KINDS = new Set([
  'v1/Namespace',
  'v1/ConfigMap',
  'v1/Service',
  'apps/v1/Deployment',
  'policy/v1/PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/NetworkPolicy',
  'networking.k8s.io/v1/Ingress',
]);

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

type Obj = Record<string, any>;

const idOf = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as Obj)
        .sort()
        .map((k) => [k, canonical((v as Obj)[k])]),
    );
  }
  return v;
}

const kubectlAvailable = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const forceLite = process.env.GRID122_KUSTOMIZE === 'lite';

function kubectlKustomize(dir: string): K8sObject[] {
  const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${r.stderr}`);
  return yaml.loadAll(r.stdout).filter(Boolean) as K8sObject[];
}

type Rendered = { objects: K8sObject[]; lite: K8sObject[]; kubectl?: K8sObject[]; renderer: string };
const renderCache = new Map<string, Rendered>();
function render(rel: string): Rendered {
  const hit = renderCache.get(rel);
  if (hit) return hit;
  const dir = path.join(K8S, rel);
  const lite = renderKustomization(dir);
  const kubectl = kubectlAvailable ? kubectlKustomize(dir) : undefined;
  const r: Rendered =
    kubectl && !forceLite
      ? { objects: kubectl, lite, kubectl, renderer: 'kubectl kustomize' }
      : { objects: lite, lite, kubectl, renderer: 'kustomize-lite' };
  renderCache.set(rel, r);
  return r;
}

const find = (objs: K8sObject[], kind: string, name: string) =>
  objs.find((o) => o.kind === kind && o.metadata.name === name) as Obj | undefined;
const ofKind = (objs: K8sObject[], kind: string) => objs.filter((o) => o.kind === kind) as Obj[];

/** Does a label selector (matchLabels only, which is all we use) select these labels? */
function selects(selector: Obj | undefined, labels: Obj | undefined): boolean {
  if (!selector) return false;
  if (selector.matchExpressions) throw new Error('matchExpressions not expected in grid122 manifests');
  const ml: Obj = selector.matchLabels ?? {};
  return Object.entries(ml).every(([k, v]) => labels?.[k] === v);
}

/** Kubernetes quantity -> number (cores for cpu, bytes for memory). */
function quantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) throw new Error(`bad quantity ${q}`);
  const n = Number(m[1]);
  const unit: Record<string, number> = {
    '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4,
  };
  return n * unit[m[2] ?? ''];
}

// Field allowlists (Kubernetes 1.32 API) for the hand-written parts of pod templates. The bundled
// schemas accept unknown fields, and the API server would silently drop a typo such as
// "readinesProbe"; these catch that class of error.
const ALLOWED: Record<string, string[]> = {
  deploymentSpec: ['minReadySeconds', 'paused', 'progressDeadlineSeconds', 'replicas', 'revisionHistoryLimit', 'selector', 'strategy', 'template'],
  podSpec: ['activeDeadlineSeconds', 'affinity', 'automountServiceAccountToken', 'containers', 'dnsConfig', 'dnsPolicy', 'enableServiceLinks', 'ephemeralContainers', 'hostAliases', 'hostIPC', 'hostNetwork', 'hostPID', 'hostUsers', 'hostname', 'imagePullSecrets', 'initContainers', 'nodeName', 'nodeSelector', 'os', 'overhead', 'preemptionPolicy', 'priority', 'priorityClassName', 'readinessGates', 'resourceClaims', 'resources', 'restartPolicy', 'runtimeClassName', 'schedulerName', 'schedulingGates', 'securityContext', 'serviceAccount', 'serviceAccountName', 'setHostnameAsFQDN', 'shareProcessNamespace', 'subdomain', 'terminationGracePeriodSeconds', 'tolerations', 'topologySpreadConstraints', 'volumes'],
  container: ['args', 'command', 'env', 'envFrom', 'image', 'imagePullPolicy', 'lifecycle', 'livenessProbe', 'name', 'ports', 'readinessProbe', 'resizePolicy', 'resources', 'restartPolicy', 'securityContext', 'startupProbe', 'stdin', 'stdinOnce', 'terminationMessagePath', 'terminationMessagePolicy', 'tty', 'volumeDevices', 'volumeMounts', 'workingDir'],
  probe: ['exec', 'failureThreshold', 'grpc', 'httpGet', 'initialDelaySeconds', 'periodSeconds', 'successThreshold', 'tcpSocket', 'terminationGracePeriodSeconds', 'timeoutSeconds'],
  containerSecurityContext: ['allowPrivilegeEscalation', 'appArmorProfile', 'capabilities', 'privileged', 'procMount', 'readOnlyRootFilesystem', 'runAsGroup', 'runAsNonRoot', 'runAsUser', 'seLinuxOptions', 'seccompProfile', 'windowsOptions'],
  podSecurityContext: ['appArmorProfile', 'fsGroup', 'fsGroupChangePolicy', 'runAsGroup', 'runAsNonRoot', 'runAsUser', 'seLinuxChangePolicy', 'seLinuxOptions', 'seccompProfile', 'supplementalGroups', 'supplementalGroupsPolicy', 'sysctls', 'windowsOptions'],
  resources: ['claims', 'limits', 'requests'],
  envVar: ['name', 'value', 'valueFrom'],
  lifecycle: ['postStart', 'preStop', 'stopSignal'],
};

function unknownFields(deployment: Obj): string[] {
  const bad: string[] = [];
  const check = (obj: Obj | undefined, allowed: string[], where: string) => {
    for (const k of Object.keys(obj ?? {})) if (!allowed.includes(k)) bad.push(`${where}.${k}`);
  };
  const name = deployment.metadata.name;
  check(deployment.spec, ALLOWED.deploymentSpec, `${name}.spec`);
  const pod = deployment.spec.template.spec;
  check(pod, ALLOWED.podSpec, `${name}.podSpec`);
  check(pod.securityContext, ALLOWED.podSecurityContext, `${name}.podSpec.securityContext`);
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    const w = `${name}.${c.name}`;
    check(c, ALLOWED.container, w);
    check(c.securityContext, ALLOWED.containerSecurityContext, `${w}.securityContext`);
    check(c.resources, ALLOWED.resources, `${w}.resources`);
    check(c.lifecycle, ALLOWED.lifecycle, `${w}.lifecycle`);
    for (const p of ['readinessProbe', 'livenessProbe', 'startupProbe']) check(c[p], ALLOWED.probe, `${w}.${p}`);
    for (const e of c.env ?? []) check(e, ALLOWED.envVar, `${w}.env[${e.name}]`);
  }
  return bad;
}

// kubernetes-models: from the project, or from K8S_MODELS_NODE_MODULES to try it out.
function loadKubernetesModels(): ((id: string) => any) | undefined {
  const bases = [
    process.env.K8S_MODELS_NODE_MODULES ? path.join(process.env.K8S_MODELS_NODE_MODULES, '..', 'noop.js') : undefined,
    path.join(ROOT, 'noop.js'),
  ].filter((b): b is string => !!b);
  for (const base of bases) {
    const req = createRequire(base);
    try {
      req.resolve('kubernetes-models/apps/v1/Deployment');
      return req;
    } catch {
      /* try the next */
    }
  }
  return undefined;
}
const modelsRequire = loadKubernetesModels();

function schemaErrors(req: (id: string) => any, o: Obj): string | undefined {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const modulePath = `kubernetes-models/${group ? `${group}/` : ''}${version}/${o.kind}`;
  let Model: any;
  try {
    Model = req(modulePath)[o.kind];
  } catch {
    return `no schema for ${o.apiVersion} ${o.kind}`;
  }
  try {
    new Model(JSON.parse(JSON.stringify(o))).validate();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

// ---------------------------------------------------------------------------------------------
// 1. rendering
// ---------------------------------------------------------------------------------------------

describe('kustomize rendering', () => {
  it.each(KUSTOMIZATIONS)('%s renders to well-formed, unique objects of known kinds', (rel) => {
    const { objects } = render(rel);
    expect(objects.length).toBeGreaterThanOrEqual(30);
    const ids = objects.map(idOf);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of objects) {
      expect(KNOWN_KINDS).toContain(`${o.apiVersion}/${o.kind}`);
      expect(o.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      if (o.kind !== 'Namespace') expect(o.metadata.namespace).toBe('grid122');
    }
    // the Secret is provided out of band, never rendered
    expect(objects.find((o) => o.kind === 'Secret')).toBeUndefined();
  });

  (kubectlAvailable ? it.each(KUSTOMIZATIONS) : it.skip.each(KUSTOMIZATIONS))(
    '%s: the built-in renderer agrees with kubectl kustomize',
    (rel) => {
      const { lite, kubectl } = render(rel);
      const byId = (objs: K8sObject[]) => Object.fromEntries(objs.map((o) => [idOf(o), canonical(o)]));
      expect(byId(lite)).toEqual(byId(kubectl!));
    },
  );

  it('secret.example.yaml is not a resource of any kustomization', () => {
    const example = path.join(K8S, 'secret.example.yaml');
    expect(fs.existsSync(example)).toBe(true);
    for (const rel of KUSTOMIZATIONS) {
      for (const f of kustomizationFiles(path.join(K8S, rel))) {
        const k = yaml.load(fs.readFileSync(f, 'utf8')) as Obj;
        const resources = (k.resources ?? []).map((r: string) => path.resolve(path.dirname(f), r));
        expect(resources).not.toContain(example);
        expect(resources.every((r: string) => !r.endsWith('.example.yaml'))).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 2. schema validation
// ---------------------------------------------------------------------------------------------

(modelsRequire ? describe : describe.skip)('Kubernetes schema validation (kubernetes-models)', () => {
  it.each(KUSTOMIZATIONS)('%s: every object is valid against its Kubernetes schema', (rel) => {
    const errors = render(rel)
      .objects.map((o) => [idOf(o), schemaErrors(modelsRequire!, o as Obj)])
      .filter(([, e]) => e);
    expect(errors).toEqual([]);
  });

  it('the validator rejects a broken Deployment (so a pass means something)', () => {
    const d = JSON.parse(JSON.stringify(find(render('base').objects, 'Deployment', 'office')));
    d.spec.replicas = 'two';
    delete d.spec.selector;
    expect(schemaErrors(modelsRequire!, d)).toMatch(/replicas|selector/);
  });

  it('the Secret example is a valid Secret', () => {
    const [secret] = loadYamlDocuments(path.join(K8S, 'secret.example.yaml'));
    expect(schemaErrors(modelsRequire!, secret as Obj)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// 3. policy checks on the rendered overlays
// ---------------------------------------------------------------------------------------------

const secretExample = loadYamlDocuments(path.join(K8S, 'secret.example.yaml'))[0] as Obj;

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  const objs = () => render(`overlays/${overlay}`).objects;

  it('has a ConfigMap with the shared settings and the right FEDERATION_MODE', () => {
    const cm = find(objs(), 'ConfigMap', CONFIGMAP_NAME)!;
    expect(cm).toBeDefined();
    for (const key of ['NATS_URL', 'LOG_LEVEL', 'NODE_ENV', 'DEMO_MODE', 'FEDERATION_MODE', 'JWT_TTL_SECONDS', 'RPC_TIMEOUT_MS']) {
      expect(Object.keys(cm.data)).toContain(key);
    }
    expect(cm.data.NATS_URL).toMatch(/^nats:\/\//);
    // the apps default to 127.0.0.1, which neither probes nor Services can reach
    expect(cm.data.HOST).toBe('0.0.0.0');
    expect(cm.data.DEMO_MODE).toBe('false');
    expect(cm.data.FEDERATION_MODE).toBe(overlay);
    // secrets never go into the ConfigMap
    for (const key of Object.keys(secretExample.stringData)) expect(Object.keys(cm.data)).not.toContain(key);
  });

  describe.each(APP_NAMES)('app %s', (app) => {
    const port = APPS[app];
    const dep = () => find(objs(), 'Deployment', app)!;

    it('has a Deployment whose selector matches its pod labels', () => {
      const d = dep();
      expect(d).toBeDefined();
      expect(d.metadata.labels['app.kubernetes.io/part-of']).toBe('grid122');
      expect(d.spec.selector.matchLabels['app.kubernetes.io/name']).toBe(app);
      expect(selects(d.spec.selector, d.spec.template.metadata.labels)).toBe(true);
      expect(unknownFields(d)).toEqual([]);
    });

    it('runs the one image as APP on its port, with probes and resources', () => {
      const pod = dep().spec.template.spec;
      expect(pod.containers).toHaveLength(1);
      const c = pod.containers[0];
      expect(c.name).toBe(app);
      expect(c.image).toMatch(/^registry\.example\.invalid\/grid122\/grid122:[0-9][\w.-]*$/);
      const env = Object.fromEntries(c.env.map((e: Obj) => [e.name, e]));
      expect(env.APP.value).toBe(app);
      expect(env.PORT.value).toBe(String(port));
      expect(c.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);

      // Services: /health = own db + nats. The gateway's /health fans out to every service (503 if
      // any is down), which as readiness would drop the whole edge when one service is down.
      const readiness = app === 'gateway' ? '/health/live' : '/health';
      expect(c.readinessProbe.httpGet).toEqual({ path: readiness, port: 'http' });
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(c.startupProbe.httpGet.path).toBe('/health/live');

      for (const kind of ['requests', 'limits']) {
        expect(c.resources[kind].cpu).toBeDefined();
        expect(c.resources[kind].memory).toBeDefined();
      }
      expect(quantity(c.resources.requests.cpu)).toBeLessThanOrEqual(quantity(c.resources.limits.cpu));
      expect(quantity(c.resources.requests.memory)).toBeLessThanOrEqual(quantity(c.resources.limits.memory));
      // the V8 heap must fit the memory limit
      const nodeOptions: string =
        env.NODE_OPTIONS?.value ?? find(objs(), 'ConfigMap', CONFIGMAP_NAME)!.data.NODE_OPTIONS;
      const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions)?.[1]);
      expect(heapMiB * 1024 ** 2).toBeLessThan(quantity(c.resources.limits.memory));
    });

    it('runs `migrate` in an init container with the same image and environment', () => {
      const pod = dep().spec.template.spec;
      expect(pod.initContainers).toHaveLength(1);
      const init = pod.initContainers[0];
      const main = pod.containers[0];
      expect(init.name).toBe('migrate');
      expect(init.args).toEqual(['migrate']);
      expect(init.command).toBeUndefined(); // the image's entrypoint passes args to main.js
      expect(init.image).toBe(main.image);
      expect(init.envFrom).toEqual(main.envFrom);
      const names = (c: Obj) => c.env.map((e: Obj) => e.name).filter((n: string) => n !== 'NODE_OPTIONS' && n !== 'MIGRATION_DATABASE_URL').sort();
      expect(names(init)).toEqual(names(main));
      // migrations run as the schema owner, the app as the application role (docs/security.md)
      const owner = init.env.find((e: Obj) => e.name === 'MIGRATION_DATABASE_URL');
      expect(owner).toEqual({ name: 'MIGRATION_DATABASE_URL', valueFrom: { secretKeyRef: { name: SECRET_NAME, key: 'MIGRATION_DATABASE_URL' } } });
      expect(main.env.find((e: Obj) => e.name === 'MIGRATION_DATABASE_URL')).toBeUndefined();
      expect(init.resources.limits.memory).toBeDefined();
    });

    it('runs as non-root with a locked-down security context', () => {
      const pod = dep().spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault');
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of [...pod.initContainers, ...pod.containers]) {
        expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
        expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
        expect(c.securityContext.capabilities.drop).toEqual(['ALL']);
        expect(c.securityContext.privileged).toBeUndefined();
        // a writable /tmp, since the root filesystem is read-only
        expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      }
      expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } });
    });

    it('takes settings from the ConfigMap and secrets by key from grid122-secrets', () => {
      const c = dep().spec.template.spec.containers[0];
      expect(c.envFrom).toEqual([{ configMapRef: { name: CONFIGMAP_NAME } }]);
      const secretRefs = c.env.filter((e: Obj) => e.valueFrom?.secretKeyRef).map((e: Obj) => e.valueFrom.secretKeyRef);
      for (const ref of secretRefs) {
        expect(ref.name).toBe(SECRET_NAME);
        expect(Object.keys(secretExample.stringData)).toContain(ref.key);
      }
      const required = secretRefs.filter((r: Obj) => !r.optional).map((r: Obj) => r.key).sort();
      const expected = ['DATABASE_URL', 'ACTOR_SIGNING_KEY', natsPasswordEnv(app as AppName)];
      // a service holding personal data: its own key rings, required (the legacy single keys optional)
      if ((PERSONAL_DATA_APPS as readonly string[]).includes(app)) expected.push(perAppVariable('PII_KEYS', app), perAppVariable('PII_HASH_KEYS', app));
      if (app === 'gateway') expected.push('JWT_SECRET', 'METRICS_TOKEN');
      if (app === 'identity') expected.push('ADMIN_PASSWORD', 'SECURITY_ADMIN_PASSWORD', 'AUDITOR_PASSWORD');
      expect(required).toEqual(expected.sort());
      // no secret in plain text
      const plain = c.env.filter((e: Obj) => e.value !== undefined).map((e: Obj) => e.name);
      for (const key of Object.keys(secretExample.stringData)) expect(plain).not.toContain(key);
    });

    it('has a Service that selects its pods and targets its named port', () => {
      const svc = find(objs(), 'Service', app)!;
      expect(svc).toBeDefined();
      expect(selects({ matchLabels: svc.spec.selector }, dep().spec.template.metadata.labels)).toBe(true);
      expect(svc.spec.ports).toEqual([{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }]);
      // it selects no other app's pods
      for (const other of ofKind(objs(), 'Deployment').filter((d) => d.metadata.name !== app)) {
        expect(selects({ matchLabels: svc.spec.selector }, other.spec.template.metadata.labels)).toBe(false);
      }
    });

    it('has a PodDisruptionBudget for its pods that never blocks a drain', () => {
      const pdb = find(objs(), 'PodDisruptionBudget', app)!;
      expect(pdb).toBeDefined();
      expect(selects(pdb.spec.selector, dep().spec.template.metadata.labels)).toBe(true);
      expect(pdb.spec.maxUnavailable).toBe(1);
      expect(pdb.spec.minAvailable).toBeUndefined();
    });

    it(HPA_APPS.includes(app) ? 'is autoscaled by an HPA that owns its replica count' : 'has a fixed replica count', () => {
      const hpa = find(objs(), 'HorizontalPodAutoscaler', app);
      if (HPA_APPS.includes(app)) {
        expect(hpa).toBeDefined();
        expect(hpa!.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: app });
        expect(hpa!.spec.minReplicas).toBeGreaterThanOrEqual(1);
        expect(hpa!.spec.maxReplicas).toBeGreaterThan(hpa!.spec.minReplicas);
        expect(hpa!.spec.metrics[0].resource.name).toBe('cpu');
        expect(dep().spec.replicas).toBeUndefined();
      } else {
        expect(hpa).toBeUndefined();
        expect(dep().spec.replicas).toBeGreaterThanOrEqual(1);
      }
    });
  });

  it('every Service, PDB and HPA belongs to a Deployment', () => {
    const deps = new Set(ofKind(objs(), 'Deployment').map((d) => d.metadata.name));
    expect([...deps].sort()).toEqual([...APP_NAMES].sort());
    for (const kind of ['Service', 'PodDisruptionBudget']) {
      expect(ofKind(objs(), kind).map((o) => o.metadata.name).sort()).toEqual([...APP_NAMES].sort());
    }
    expect(ofKind(objs(), 'HorizontalPodAutoscaler').map((o) => o.metadata.name).sort()).toEqual([...HPA_APPS].sort());
  });

  it('PII keys: each service holding personal data reads its own rings (init container too), no two services share a key, the others get none', () => {
    const owner = new Map<string, string>(); // secret key -> the one app reading it
    for (const app of APP_NAMES) {
      const pod = find(objs(), 'Deployment', app)!.spec.template.spec;
      for (const c of [...pod.initContainers, ...pod.containers]) {
        const pii = (c.env as Obj[]).filter((e) => e.name.startsWith('PII_'));
        if (!(PERSONAL_DATA_APPS as readonly string[]).includes(app)) {
          expect({ app, container: c.name, pii: pii.map((e) => e.name) }).toEqual({ app, container: c.name, pii: [] });
          continue;
        }
        const byName = Object.fromEntries(pii.map((e) => [e.name, e.valueFrom.secretKeyRef]));
        for (const v of PII_RING_VARIABLES) {
          expect({ app, v, key: byName[v]?.key }).toEqual({ app, v, key: perAppVariable(v, app) });
          const other = owner.get(byName[v].key);
          expect({ key: byName[v].key, app: other ?? app }).toEqual({ key: byName[v].key, app });
          owner.set(byName[v].key, app);
        }
        expect(byName.PII_KEYS.optional).toBeUndefined();
        expect(byName.PII_HASH_KEYS.optional).toBeUndefined();
        // the legacy shared keys only for reading rows from before the rings, and optional
        expect(Object.keys(byName).sort()).toEqual([...PII_RING_VARIABLES, 'PII_ENCRYPTION_KEY', 'PII_HASH_KEY'].sort());
        expect(byName.PII_ENCRYPTION_KEY.optional).toBe(true);
        expect(byName.PII_HASH_KEY.optional).toBe(true);
      }
    }
    expect(new Set(owner.values())).toEqual(new Set(PERSONAL_DATA_APPS));
    // the example Secret gives each its own value
    const rings = PERSONAL_DATA_APPS.flatMap((app) => ['PII_KEYS', 'PII_HASH_KEYS'].map((v) => secretExample.stringData[perAppVariable(v, app)]));
    expect(new Set(rings).size).toBe(rings.length);
  });

  it('keeps the gateway at two or more pods', () => {
    const hpa = find(objs(), 'HorizontalPodAutoscaler', 'gateway')!;
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
  });

  it('NetworkPolicy: default deny; only the gateway takes outside traffic; apps reach DNS, NATS and Postgres', () => {
    const policies = ofKind(objs(), 'NetworkPolicy');
    const deny = policies.find(
      (p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress,
    );
    expect(deny?.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);

    const deployments = ofKind(objs(), 'Deployment');
    const podsOf = (p: Obj) => deployments.filter((d) => selects(p.spec.podSelector, d.spec.template.metadata.labels));
    const fromOutside = (rule: Obj) =>
      !rule.from || rule.from.some((f: Obj) => f.ipBlock || (f.namespaceSelector && Object.keys(f.namespaceSelector).length === 0));
    for (const p of policies) {
      for (const rule of p.spec.ingress ?? []) {
        const targets = podsOf(p).map((d) => d.metadata.name);
        if (fromOutside(rule)) {
          expect(targets).toEqual(['gateway']);
          expect(rule.ports).toEqual([{ protocol: 'TCP', port: 'http' }]);
        } else {
          // restricted sources (monitoring) may only reach the apps' own HTTP port
          expect(rule.from.every((f: Obj) => f.namespaceSelector?.matchLabels)).toBe(true);
          expect(rule.ports).toEqual([{ protocol: 'TCP', port: 'http' }]);
        }
      }
    }

    const egress = policies.filter((p) => p.spec.egress);
    for (const d of deployments) {
      const allowed = egress
        .filter((p) => selects(p.spec.podSelector, d.spec.template.metadata.labels))
        .flatMap((p) => p.spec.egress);
      const ports = allowed.flatMap((r: Obj) => r.ports.map((x: Obj) => `${x.protocol}/${x.port}`)).sort();
      expect(ports).toEqual(['TCP/4222', 'TCP/53', 'TCP/5432', 'UDP/53']);
      for (const r of allowed) expect(r.to?.length).toBeGreaterThan(0); // never "to anywhere"
    }
    const nats = egress.flatMap((p) => p.spec.egress).find((r: Obj) => r.ports[0].port === 4222);
    expect(nats.to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']).toBe('nats');
    const pg = egress.flatMap((p) => p.spec.egress).find((r: Obj) => r.ports[0].port === 5432);
    expect(pg.to[0].podSelector.matchLabels['cnpg.io/cluster']).toBe('grid122-pg');
  });

  it('Ingress: only to the gateway, SSE-friendly, on the overlay host', () => {
    const ingresses = ofKind(objs(), 'Ingress');
    expect(ingresses).toHaveLength(1);
    const ing = ingresses[0];
    const a = ing.metadata.annotations;
    expect(a['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
    expect(Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
    expect(Number(a['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(3600);
    const backends = ing.spec.rules.flatMap((r: Obj) => r.http.paths.map((p: Obj) => p.backend.service));
    expect(backends).toEqual([{ name: 'gateway', port: { name: 'http' } }]);
    expect(ing.spec.rules[0].host).toBe(`${overlay}.grid122.example.invalid`);
    expect(ing.spec.tls[0].hosts).toEqual([ing.spec.rules[0].host]);
  });
});

describe('street vs district', () => {
  const street = () => render('overlays/street').objects;
  const district = () => render('overlays/district').objects;

  it('street pods are sized for a street: 100m/256Mi requests, 500m/512Mi limits', () => {
    for (const d of ofKind(street(), 'Deployment')) {
      expect(d.spec.template.spec.containers[0].resources).toEqual({
        requests: { cpu: '100m', memory: '256Mi' },
        limits: { cpu: '500m', memory: '512Mi' },
      });
    }
  });

  it('district runs more replicas of every app', () => {
    for (const app of APP_NAMES) {
      const min = (objs: K8sObject[]) =>
        HPA_APPS.includes(app) ? find(objs, 'HorizontalPodAutoscaler', app)!.spec.minReplicas : find(objs, 'Deployment', app)!.spec.replicas;
      expect(min(district())).toBeGreaterThan(min(street()));
    }
  });

  it('district gateway is larger, with a heap to match', () => {
    const c = find(district(), 'Deployment', 'gateway')!.spec.template.spec.containers[0];
    expect(quantity(c.resources.limits.memory)).toBeGreaterThan(quantity('512Mi'));
    expect(c.env.find((e: Obj) => e.name === 'NODE_OPTIONS').value).toMatch(/--max-old-space-size=\d+/);
  });

  it('every container runs with the V8 options every service runs with (as npm start gives them)', () => {
    for (const objs of [street(), district()]) {
      const config = find(objs, 'ConfigMap', CONFIGMAP_NAME)!.data;
      for (const d of ofKind(objs, 'Deployment')) {
        for (const c of d.spec.template.spec.containers) {
          const nodeOptions: string = c.env?.find((e: Obj) => e.name === 'NODE_OPTIONS')?.value ?? config.NODE_OPTIONS;
          for (const o of SERVICE_V8_OPTIONS) expect({ deployment: d.metadata.name, options: nodeOptions.split(' ') }).toEqual({ deployment: d.metadata.name, options: expect.arrayContaining([o]) });
        }
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// NATS Helm values, CloudNativePG cluster
// ---------------------------------------------------------------------------------------------

describe('NATS Helm values', () => {
  const load = (f: string) => yaml.load(fs.readFileSync(path.join(K8S, 'nats', f), 'utf8')) as Obj;

  it('values.yaml: 3-node cluster, JetStream on file storage (PVC), sync always, leafnodes on 7422', () => {
    const v = load('values.yaml');
    expect(v.config.cluster).toMatchObject({ enabled: true, replicas: 3 });
    expect(v.config.jetstream.enabled).toBe(true);
    expect(v.config.jetstream.fileStore).toMatchObject({ enabled: true, pvc: { enabled: true } });
    expect(quantity(v.config.jetstream.fileStore.maxSize)).toBeLessThan(quantity(v.config.jetstream.fileStore.pvc.size));
    expect(v.config.jetstream.merge.sync_interval).toBe('always');
    expect(v.config.leafnodes).toMatchObject({ enabled: true, port: 7422 });
    expect(v.service.ports.leafnodes.enabled).toBe(true);
  });

  it('deploys the same nats-server minor as Compose (2.10), pinned, not the chart default', () => {
    const v = load('values.yaml');
    const compose = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(v.container.image).toEqual({ repository: 'nats', tag: '2.10-alpine' });
    expect(compose).toMatch(/^\s+image: nats:2\.10-alpine$/m);
  });

  it('street and district are separate JetStream domains; the street is a leaf of the district', () => {
    const s = load('values-street.yaml');
    const d = load('values-district.yaml');
    expect(s.config.jetstream.merge.domain).toMatch(/^street-[a-z0-9-]+$/);
    expect(d.config.jetstream.merge.domain).toMatch(/^district-[a-z0-9-]+$/);
    // the URL (with the street's leaf credentials) comes from a Secret; its documented form:
    expect(s.config.leafnodes.merge.remotes[0].urls).toEqual(['<< $NATS_LEAF_URL >>']);
    expect(fs.readFileSync(path.join(K8S, 'nats', 'values-street.yaml'), 'utf8')).toMatch(/^# +nats-leaf:\/\/leaf-street-[a-z0-9-]+:<password>@[^/\s]+:7422$/m);
  });
});

describe('NATS users and network (the rules of the tests\' nats-server, deployed)', () => {
  const load = (f: string) => yaml.load(fs.readFileSync(path.join(K8S, 'nats', f), 'utf8')) as Obj;

  it('values.yaml carries one user per app with exactly the permissions of libs/messaging nats-auth.ts, STANDARD connections only, passwords from a Secret', () => {
    const v = load('values.yaml');
    const users = v.config.merge.authorization.users as Obj[];
    expect(users.map((u) => u.user)).toEqual([...NATS_APPS]);
    for (const app of NATS_APPS) {
      const u = users.find((x) => x.user === app)!;
      const p = natsPermissions(app);
      expect(u.permissions).toEqual({ publish: p.publish, subscribe: p.subscribe, allow_responses: true });
      // a plain client connection only: the password opens no websocket, leaf-node or MQTT connection
      expect({ app, types: u.allowed_connection_types }).toEqual({ app, types: ['STANDARD'] });
      expect(u.password).toBe(`<< $${natsPasswordEnv(app)} >>`);
      expect(v.container.env[natsPasswordEnv(app)]).toEqual({ valueFrom: { secretKeyRef: { name: 'grid122-nats-users', key: natsPasswordEnv(app) } } });
    }
    expect(v.config.merge.authorization.no_auth_user).toBeUndefined();
  });

  it('compose mounts the generated nats-auth.conf (the same table) and gives the server every password', () => {
    const conf = fs.readFileSync(path.join(DEPLOY, 'compose', 'nats-auth.conf'), 'utf8');
    expect(conf.slice(conf.indexOf('authorization {'))).toBe(deployedNatsAuthorizationBlock());
    const c = yaml.load(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { schema: (yaml as any).YAML11_SCHEMA ?? (yaml as any).DEFAULT_SCHEMA }) as Obj;
    expect(c.services.nats.command.join(' ')).toContain('-c /etc/nats/grid122-auth.conf');
    expect(c.services.nats.volumes).toContain('./deploy/compose/nats-auth.conf:/etc/nats/grid122-auth.conf:ro');
    for (const app of NATS_APPS) expect(c.services.nats.environment[natsPasswordEnv(app)]).toBe(`\${${natsPasswordEnv(app)}:?set ${natsPasswordEnv(app)}}`);
  });

  it('leaf links (values-district.yaml): one user per street with exactly the permissions of libs/messaging nats-leaf.ts, after the same app users', () => {
    const v = load('values.yaml');
    const d = load('values-district.yaml');
    const s = load('values-street.yaml');
    const streetDomain: string = s.config.jetstream.merge.domain;
    const districtDomain: string = d.config.jetstream.merge.domain;
    const users = d.config.merge.authorization.users as Obj[];
    // Helm replaces lists: the district repeats the apps' users unchanged, then adds its streets'.
    expect(users.slice(0, NATS_APPS.length)).toEqual(v.config.merge.authorization.users);
    const leafUsers = users.slice(NATS_APPS.length);
    const link = streetLeafLink(streetDomain.replace(/^street-/, ''), streetDomain, districtDomain);
    expect(leafUsers).toEqual([
      {
        user: natsLeafUser(link),
        password: `<< $${natsLeafPasswordEnv(link)} >>`,
        allowed_connection_types: ['LEAFNODE'],
        permissions: natsLeafPermissions(link),
      },
    ]);
    expect(d.container.env[natsLeafPasswordEnv(link)]).toEqual({ valueFrom: { secretKeyRef: { name: 'grid122-nats-users', key: natsLeafPasswordEnv(link) } } });
    // nothing but sourcing: no service subject and no inbox either way
    const p = natsLeafPermissions(link);
    for (const subject of [...p.publish.allow, ...p.subscribe.allow]) expect(subject).toMatch(/^\$(JS|JSC)\./);
  });

  it('leaf links are TLS: the listener has its certificate, the street checks it and connects with its own credentials from a Secret', () => {
    const v = load('values.yaml');
    expect(v.config.leafnodes.tls).toEqual({ enabled: true, secretName: 'nats-leafnodes-tls' });
    const s = load('values-street.yaml');
    const [remote] = s.config.leafnodes.merge.remotes as Obj[];
    expect(remote.urls).toEqual(['<< $NATS_LEAF_URL >>']);
    expect(s.container.env.NATS_LEAF_URL).toEqual({ valueFrom: { secretKeyRef: { name: 'grid122-nats-leaf', key: 'NATS_LEAF_URL' } } });
    expect(remote.tls.ca_file).toBe(`${'/etc/nats-ca-cert'}/ca.crt`);
    expect(s.tlsCA).toEqual({ enabled: true, secretName: 'nats-leafnodes-ca' });
  });

  it('the street guards itself (values-street.yaml): the remote denies exactly natsLeafRemoteDeny, as the federation test topology does', () => {
    const s = load('values-street.yaml');
    const [remote] = s.config.leafnodes.merge.remotes as Obj[];
    const deny = natsLeafRemoteDeny(s.config.jetstream.merge.domain);
    expect(remote.deny_imports).toEqual(deny);
    expect(remote.deny_exports).toEqual(deny);
    for (const service of NATS_APPS.filter((a) => a !== 'gateway')) expect(deny).toContain(`${natsPermissions(service as AppName).subscribe.allow[0]}`);
    // The federation test topology builds its servers from the same functions (no list of its own).
    const topology = fs.readFileSync(path.join(ROOT, 'apps', 'gateway', 'test', 'federation', 'federation-topology.ts'), 'utf8');
    expect(topology).toContain('natsLeafRemoteBlock(');
    expect(topology).toContain('leafUsers: this.leaf.members');
    expect(topology).not.toMatch(/deny_(imports|exports)\s*:/);
  });

  it('the NATS namespace denies by default and takes clients only from grid122', () => {
    const docs = loadYamlDocuments(path.join(K8S, 'nats', 'networkpolicy.yaml')) as Obj[];
    const deny = docs.find((d) => d.metadata.name === 'nats-default-deny')!;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const allow = docs.find((d) => d.metadata.name === 'nats-clients-from-grid122')!;
    const clientRules = allow.spec.ingress.filter((r: Obj) => r.ports.some((p: Obj) => p.port === 4222));
    for (const r of clientRules) expect(r.from).toBeDefined();
    expect(clientRules.flatMap((r: Obj) => r.from)).toEqual(
      expect.arrayContaining([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'grid122' } } }]),
    );
  });
});

describe('CloudNativePG cluster example', () => {
  const file = path.join(K8S, 'postgres', 'cluster.yaml');

  it('3 instances of a PostGIS image, bootstrapped with postgis and ltree', () => {
    const [c] = loadYamlDocuments(file) as Obj[];
    expect(c.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(c.kind).toBe('Cluster');
    expect(c.metadata).toMatchObject({ name: 'grid122-pg', namespace: 'grid122-data' });
    expect(c.spec.instances).toBe(3);
    expect(c.spec.imageName).toMatch(/postgis:1[5-9]/);
    const sql: string = c.spec.bootstrap.initdb.postInitApplicationSQL.join('\n');
    expect(sql).toMatch(/CREATE EXTENSION IF NOT EXISTS postgis;/);
    expect(sql).toMatch(/CREATE EXTENSION IF NOT EXISTS ltree;/);
    expect(c.spec.backup).toBeUndefined();
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^ {2}# backup:$/m);
    expect(text).toMatch(/^ {2}# {3}barmanObjectStore:$/m);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. docker-compose.yml, Dockerfile, .dockerignore, container scripts
// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  // Compose files use YAML 1.1 merge keys (<<: *anchor), hence the YAML 1.1 schema.
  const compose = () =>
    yaml.load(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), {
      schema: (yaml as any).YAML11_SCHEMA ?? (yaml as any).DEFAULT_SCHEMA,
    }) as Obj;

  it('runs postgis 15 with the extensions init script and NATS with JetStream on /data', () => {
    const s = compose().services;
    expect(s.postgres.image).toBe('postgis/postgis:15-3.4');
    const initMount: string = s.postgres.volumes.find((v: string) => v.includes('/docker-entrypoint-initdb.d'));
    const hostDir = path.join(ROOT, initMount.split(':')[0]);
    const sql = fs.readdirSync(hostDir).filter((f) => f.endsWith('.sql')).map((f) => fs.readFileSync(path.join(hostDir, f), 'utf8')).join('\n');
    expect(sql).toMatch(/CREATE EXTENSION IF NOT EXISTS postgis;/);
    expect(sql).toMatch(/CREATE EXTENSION IF NOT EXISTS ltree;/);
    expect(s.postgres.healthcheck.test.join(' ')).toMatch(/pg_isready/);

    expect(s.nats.image).toMatch(/^nats:2\.10/);
    const cmd: string = s.nats.command.join(' ');
    expect(cmd).toMatch(/(^| )-js( |$)/);
    expect(cmd).toMatch(/-sd \/data/);
    expect(s.nats.volumes.some((v: string) => v.endsWith(':/data'))).toBe(true);
    expect(s.nats.healthcheck.test.join(' ')).toMatch(/healthz/);
  });

  it('builds every app from the one Dockerfile and starts it after migrate and seed', () => {
    const s = compose().services;
    for (const app of APP_NAMES) {
      const svc = s[app];
      expect(svc).toBeDefined();
      expect(svc.build).toMatchObject({ context: '.', dockerfile: 'deploy/Dockerfile', args: { APP: app } });
      expect(svc.environment).toMatchObject({ APP: app, PORT: String(APPS[app]), DEMO_MODE: 'true', HOST: '0.0.0.0' });
      for (const key of ['DATABASE_URL', 'NATS_URL', 'LOG_LEVEL', 'NODE_ENV']) {
        expect(Object.keys(svc.environment)).toContain(key);
      }
      expect(svc.depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(svc.depends_on.seed).toEqual({ condition: 'service_completed_successfully' });
      expect(svc.depends_on.postgres).toEqual({ condition: 'service_healthy' });
      expect(svc.depends_on.nats).toEqual({ condition: 'service_healthy' });
      expect(svc.healthcheck.test).toEqual(['CMD', 'node', '/usr/local/lib/grid122/healthcheck.cjs']);
      expect(svc.ports ?? []).toEqual(app === 'gateway' ? ['127.0.0.1:3000:3000'] : []);
      expect(svc.environment.NATS_PASSWORD).toBe(`\${${natsPasswordEnv(app as AppName)}:?set ${natsPasswordEnv(app as AppName)}}`);
    }
    for (const key of ['JWT_SECRET', 'FEDERATION_MODE', 'RPC_TIMEOUT_MS', 'JWT_TTL_SECONDS']) {
      expect(Object.keys(s.gateway.environment)).toContain(key);
    }
    // fail closed: every secret is required (${VAR:?}), none has a default in the file
    for (const key of ['ACTOR_SIGNING_KEY', 'JWT_SECRET', 'METRICS_TOKEN', 'NATS_PASSWORD']) {
      expect(s.gateway.environment[key]).toMatch(/^\$\{[A-Z_]+:\?[^}]*\}$/);
    }
    // the administrators' passwords and the demo seed's are the identity service's
    for (const key of ['ACTOR_SIGNING_KEY', 'ADMIN_PASSWORD', 'SECURITY_ADMIN_PASSWORD', 'AUDITOR_PASSWORD', 'DEMO_PASSWORD', 'DEMO_API_KEY', 'NATS_PASSWORD']) {
      expect(s.identity.environment[key]).toMatch(/^\$\{[A-Z_]+:\?[^}]*\}$/);
    }
    // the one-shot migrate runs as the schema owner, from the required password
    expect(s.migrate.environment.MIGRATION_DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    expect(s.gateway.environment.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    expect(s.postgres.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')).not.toMatch(/\$\{[A-Z_]*(SECRET|KEY|PASSWORD|TOKEN)[A-Z_]*:-/);
  });

  it('PII keys: each service holding personal data has its own required rings, no two share one, the others and the shared env none', () => {
    const s = compose().services;
    const seen = new Map<string, string>();
    for (const app of APP_NAMES) {
      const pii = Object.keys(s[app].environment).filter((k) => k.startsWith('PII_'));
      if (!(PERSONAL_DATA_APPS as readonly string[]).includes(app)) {
        expect({ app, pii }).toEqual({ app, pii: [] });
        continue;
      }
      expect({ app, pii: pii.sort() }).toEqual({ app, pii: [...PII_RING_VARIABLES].sort() });
      for (const v of PII_RING_VARIABLES) {
        const own = perAppVariable(v, app);
        expect(s[app].environment[v]).toBe(`\${${own}:?set ${own}}`);
        expect(seen.get(own) ?? app).toBe(app);
        seen.set(own, app);
        // the one-shots get every ring under its per-app name (the entrypoint hands each app its own)
        expect(s.migrate.environment[own]).toBe(`\${${own}:?set ${own}}`);
      }
    }
    expect(Object.keys(s.migrate.environment).filter((k) => /^PII_(KEYS|ACTIVE_KEY_ID|HASH_KEYS|ACTIVE_HASH_KEY_ID)$/.test(k))).toEqual([]);
    // env.example: a distinct placeholder per service
    const example = fs.readFileSync(path.join(DEPLOY, 'compose', 'env.example'), 'utf8');
    const values = PERSONAL_DATA_APPS.flatMap((app) => ['PII_KEYS', 'PII_HASH_KEYS'].map((v) => new RegExp(`^${perAppVariable(v, app)}=(.+)$`, 'm').exec(example)?.[1]));
    expect(values.every(Boolean)).toBe(true);
    expect(new Set(values).size).toBe(values.length);
  });

  it('migrate and seed are one-shots over every app, in order', () => {
    const s = compose().services;
    for (const [name, cmd] of [['migrate', 'migrate'], ['seed', 'seed']]) {
      expect(s[name].build).toMatchObject({ context: '.', dockerfile: 'deploy/Dockerfile' });
      expect(s[name].command).toEqual([cmd]);
      expect(s[name].environment.APP).toBe('all');
      expect(s[name].environment.DEMO_MODE).toBe('true');
      expect(s[name].restart).toBe('no');
      expect(s[name].depends_on.postgres).toEqual({ condition: 'service_healthy' });
    }
    expect(s.seed.depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
    // only the gateway is published
    const published = Object.entries(s).filter(([, v]) => (v as Obj).ports).map(([k]) => k);
    expect(published).toEqual(['gateway']);
  });

  const composePlugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
  (composePlugin ? it : it.skip)('`docker compose config` accepts it', () => {
    const r = spawnSync('docker', ['compose', '-f', path.join(ROOT, 'docker-compose.yml'), 'config', '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('Dockerfile', () => {
  const text = fs.readFileSync(path.join(DEPLOY, 'Dockerfile'), 'utf8');
  // Join continuation lines, drop comments.
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: string[][] = [];
  for (const line of instructions) {
    if (/^FROM /i.test(line)) stages.push([line]);
    else if (stages.length) stages[stages.length - 1].push(line);
  }
  const runtime = stages[stages.length - 1];

  it('is multi-stage on Node 22 LTS, ending in a runtime stage', () => {
    expect(text).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(runtime[0]).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime$/);
    expect(instructions.some((l) => /^RUN .*npm ci$/.test(l))).toBe(true);
    expect(instructions.some((l) => /^RUN .*npm ci --omit=dev/.test(l))).toBe(true);
    expect(instructions).toContain('RUN npm run build');
  });

  it('runtime: non-root, APP from build arg and env, tini entrypoint, node HEALTHCHECK', () => {
    const user = runtime.find((l) => l.startsWith('USER '))!;
    expect(user).toMatch(/^USER [1-9][0-9]*(:[1-9][0-9]*)?$/);
    expect(runtime.indexOf('ARG APP=gateway')).toBeGreaterThan(0);
    expect(runtime).toContain('ENV APP=${APP}');
    expect(runtime.find((l) => l.startsWith('ENV NODE_ENV='))).toMatch(/HOST=0\.0\.0\.0/);
    const imageNodeOptions = /NODE_OPTIONS=(\S+|"[^"]*")/.exec(runtime.find((l) => l.startsWith('ENV NODE_ENV='))!)?.[1].replace(/"/g, '') ?? '';
    for (const o of SERVICE_V8_OPTIONS) expect(imageNodeOptions.split(' ')).toContain(o);
    expect(runtime.some((l) => /^ENV .*\bPORT=/.test(l))).toBe(false); // each app has its own default
    expect(runtime.find((l) => l.startsWith('ENTRYPOINT'))).toBe(
      'ENTRYPOINT ["/usr/bin/tini", "-g", "--", "/usr/local/bin/grid122-entrypoint"]',
    );
    expect(runtime.some((l) => /apt-get install .*tini/.test(l))).toBe(true);
    const hc = runtime.find((l) => l.startsWith('HEALTHCHECK'))!;
    expect(hc).toMatch(/CMD \["node", "\/usr\/local\/lib\/grid122\/healthcheck\.cjs"\]$/);
    // the runtime stage never installs dev dependencies or copies the source tree
    expect(runtime.some((l) => /^COPY \. /.test(l))).toBe(false);
    expect(runtime.some((l) => /npm (ci|install)/.test(l))).toBe(false);
  });

  it('copies only files that exist in the repository', () => {
    for (const line of instructions.filter((l) => /^COPY /.test(l) && !/--from=/.test(l))) {
      const parts = line.split(/\s+/).filter((p) => !p.startsWith('--'));
      for (const src of parts.slice(1, -1)) {
        if (src === '.') continue;
        expect(fs.existsSync(path.join(ROOT, src))).toBe(true);
      }
    }
  });

  it('.dockerignore at the root and deploy/Dockerfile.dockerignore are the same and keep secrets and builds out', () => {
    const root = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8');
    expect(fs.readFileSync(path.join(DEPLOY, 'Dockerfile.dockerignore'), 'utf8')).toBe(root);
    const rules = root.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const r of ['.git', 'node_modules', '**/node_modules', 'dist', '.env', '.env.*', 'apps/hub-web/dist']) {
      expect(rules).toContain(r);
    }
    // nothing the image build needs is ignored
    for (const needed of ['package.json', 'package-lock.json', 'apps', 'libs', 'scripts', 'deploy', 'deploy/docker', 'tsconfig.json']) {
      expect(rules).not.toContain(needed);
    }
  });
});

describe('the apps and their ports', () => {
  it("lists every app with its env class's default PORT (the healthcheck probes it when PORT is not set)", () => {
    const apps = fs.readdirSync(path.join(ROOT, 'apps')).filter((a) => fs.existsSync(path.join(ROOT, 'apps', a, 'src', 'config', `${a}.env.ts`)));
    const defaults = Object.fromEntries(
      apps.map((a) => [a, Number(/override PORT: number = (\d+);/.exec(fs.readFileSync(path.join(ROOT, 'apps', a, 'src', 'config', `${a}.env.ts`), 'utf8'))?.[1])]),
    );
    expect(APPS).toEqual(defaults);
    expect(Object.keys(APPS)).toHaveLength(9);
  });
});

describe('container scripts', () => {
  const entrypoint = path.join(DEPLOY, 'docker', 'entrypoint.sh');
  const healthcheck = path.join(DEPLOY, 'docker', 'healthcheck.cjs');
  let work: string;

  beforeAll(() => {
    // A fake image working directory: dist/apps/<app>/src/main.js prints what it was started with.
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'grid122-entrypoint-'));
    for (const app of APP_NAMES) {
      const dir = path.join(work, 'dist', 'apps', app, 'src');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'main.js'),
        `const pii = process.env.SHOW_PII ? { PII_KEYS: process.env.PII_KEYS, others: Object.keys(process.env).filter((k) => k.startsWith('PII_') && !${JSON.stringify(['PII_KEYS', 'PII_ACTIVE_KEY_ID', 'PII_HASH_KEYS', 'PII_ACTIVE_HASH_KEY_ID'])}.includes(k)) } : {};\n` +
          `console.log(JSON.stringify({ app: ${JSON.stringify(app)}, argv: process.argv.slice(2), APP: process.env.APP, ...pii }));\n` +
          `if (process.env.FAIL_APP === ${JSON.stringify(app)}) process.exit(3);\n`,
      );
    }
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const run = (env: Record<string, string>, args: string[]) =>
    spawnSync('sh', [entrypoint, ...args], { cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });
  const lines = (out: string) => out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

  it('entrypoint: execs dist/apps/$APP/src/main.js with the arguments passed through', () => {
    const serve = run({ APP: 'office' }, []);
    expect(serve.status).toBe(0);
    expect(lines(serve.stdout)).toEqual([{ app: 'office', argv: [], APP: 'office' }]);
    const migrate = run({ APP: 'grid-registry' }, ['migrate']);
    expect(lines(migrate.stdout)).toEqual([{ app: 'grid-registry', argv: ['migrate'], APP: 'grid-registry' }]);
    const failing = run({ APP: 'petitions', FAIL_APP: 'petitions' }, ['seed']);
    expect(failing.status).toBe(3);
  });

  it('entrypoint: refuses an unknown or missing APP', () => {
    expect(run({ APP: 'nope' }, []).status).toBe(64);
    expect(run({ APP: '../../etc' }, []).status).toBe(64);
    expect(run({}, []).status).toBe(64);
  });

  it('entrypoint: APP=all runs a one-shot command for every app and stops at the first failure', () => {
    const all = run({ APP: 'all' }, ['migrate']);
    expect(all.status).toBe(0);
    const started = lines(all.stdout);
    expect(started.map((l) => l.app).sort()).toEqual([...APP_NAMES].sort());
    expect(started.every((l) => l.argv.join(' ') === 'migrate')).toBe(true);
    expect(started[0].app).toBe('grid-registry');

    // each app's own key ring, and no other app's, from the per-app variables
    const rings = Object.fromEntries(PERSONAL_DATA_APPS.map((a) => [perAppVariable('PII_KEYS', a), `k1:${a}`]));
    const withKeys = lines(run({ APP: 'all', SHOW_PII: '1', ...rings }, ['seed']).stdout);
    expect(withKeys).toHaveLength(APP_NAMES.length);
    for (const l of withKeys) {
      expect({ app: l.app, PII_KEYS: l.PII_KEYS, others: l.others }).toEqual({ app: l.app, PII_KEYS: (PERSONAL_DATA_APPS as readonly string[]).includes(l.app) ? `k1:${l.app}` : undefined, others: [] });
    }

    const broken = run({ APP: 'all', FAIL_APP: 'office' }, ['seed']);
    expect(broken.status).toBe(3);
    expect(lines(broken.stdout).map((l) => l.app)).not.toContain('appraisal');
    expect(run({ APP: 'all' }, []).status).toBe(64);
  });

  async function probe(status: number | null): Promise<number | null> {
    let server: http.Server | undefined;
    let port: number;
    if (status === null) {
      // a port nobody listens on
      const s = http.createServer();
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
      port = (s.address() as { port: number }).port;
      await new Promise((r) => s.close(r));
    } else {
      server = http.createServer((req, res) => {
        res.statusCode = req.url === '/health' ? status : 404;
        res.end('{}');
      });
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
      port = (server.address() as { port: number }).port;
    }
    try {
      const child = spawn(process.execPath, [healthcheck], {
        env: { PORT: String(port), HEALTHCHECK_TIMEOUT_MS: '2000' },
        stdio: 'ignore',
      });
      return await new Promise<number | null>((r) => child.on('exit', (code: number | null) => r(code)));
    } finally {
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
    }
  }

  it('healthcheck: healthy on 200 from /health on $PORT, unhealthy on 503 or no answer', async () => {
    expect(await probe(200)).toBe(0);
    expect(await probe(503)).toBe(1);
    expect(await probe(null)).toBe(1);
  });
});

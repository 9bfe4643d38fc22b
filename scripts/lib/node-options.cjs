// V8 options every service runs with: `npm start` and the benchmark add them to NODE_OPTIONS here;
// the container image (deploy/Dockerfile) and the Kubernetes ConfigMap state them too
// (deploy/test/manifests.e2e-spec.ts checks that they agree).
//
// --max-semi-space-size=4: V8 sizes the young generation for the host (16 MiB semi-spaces, 32 MiB
// of new space on a 24 GB machine) and keeps it committed after a burst. Measured with 2,000
// live-feed clients and the intake load (docs/performance.md, memory): 4 MiB semi-spaces kept each
// service ~25 MiB lower after the load, with no more CPU per request. Heavier young-generation
// churn is promoted a little sooner; the heap growing factor (HEAP_GROWING_PERCENT) bounds that.
'use strict';

const SERVICE_V8_OPTIONS = ['--max-semi-space-size=4'];

/** NODE_OPTIONS for a service: the given ones, plus each default whose option they do not set already. */
function serviceNodeOptions(current) {
  const have = String(current ?? '').split(/\s+/).filter(Boolean);
  const name = (o) => o.split('=')[0].replace(/_/g, '-');
  const add = SERVICE_V8_OPTIONS.filter((o) => !have.some((h) => name(h) === name(o)));
  return [...have, ...add].join(' ');
}

module.exports = { SERVICE_V8_OPTIONS, serviceNodeOptions };

// How the repository's TypeScript is compiled when it runs without `tsc` (Jest through @swc/jest,
// benchmarks and tools through scripts/swc-register.js): decorators with their metadata (Nest's DI
// reads it), class names kept, CommonJS, inline source maps. One definition for both.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

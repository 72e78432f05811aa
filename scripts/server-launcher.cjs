// dist/server/main.js: loads the bundled server (server.js, beside it) with V8's code cache. A restart
// then skips compiling what the previous start compiled (~0.1–0.3 s of a restart under load,
// docs/PERFORMANCE.md). The cache lives beside the bundle, as trusted as the bundle itself, and is written
// once, a few seconds after a start that had none (or whose cache V8 refused: another Node, another
// bundle); where that folder is read-only (the compose image) the server just starts without one.
// Functions V8 restores from the cache run a dynamic import() without a module loader to call ("A dynamic
// import callback was not specified"): the server requires what it loads late (esbuild, pino-pretty);
// test/integration/production-start.test.ts starts it with and without the cache.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const file = path.join(__dirname, 'server.js');
const cacheFile = `${file}.v8-cache`;
/** Long enough for the start and the first requests to have compiled what a restart runs. */
const WRITE_AFTER_MS = 8000;

let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), {
  filename: file,
  cachedData,
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
if (!cachedData || script.cachedDataRejected) {
  setTimeout(() => {
    const tmp = `${cacheFile}.${process.pid}`;
    try {
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  }, WRITE_AFTER_MS).unref();
}
const server = new Module(file, module);
server.filename = file;
server.paths = Module._nodeModulePaths(__dirname);
script.runInThisContext()(server.exports, Module.createRequire(file), server, file, __dirname);

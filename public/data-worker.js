// Scrutiny's data worker: started by the page for one load (a visitor's own file, or a release
// without a compact table). It runs the loader's WebAssembly module (built by Trunk from
// src/bin/scrutiny-loader.rs beside this script; the page's module never holds the loader):
// already compiled, when the page sends it (public/prefetch.js starts compiling it early for a
// release without a compact table), else downloaded and compiled here. It then hands the
// page's one start message to its Rust entry point, `worker_main` (src/bin/scrutiny-loader.rs,
// which calls src/data_worker/worker.rs), which loads, checks and builds the table off the
// page's thread. The message is taken at once,
// before the module is ready, so it cannot be missed.

// The start message's key for the compiled module, as src/data_worker/mod.rs defines it
// (`keys::MODULE`; a test there checks this line).
const MODULE = 'module';

self.onmessage = async (event) => {
  self.onmessage = null;
  try {
    const loader = await import('./scrutiny-loader.js');
    const module = event.data[MODULE];
    await loader.default(module ? { module_or_path: module } : undefined);
    loader.worker_main(event.data);
  } catch (error) {
    // The page shows this message (a `Reply::Failed`, core/src/messages.rs); the worker
    // cannot work without its module.
    self.postMessage(JSON.stringify({ failed: { message: `The page's data worker could not start (${error}). Reload the page.` } }));
  }
};

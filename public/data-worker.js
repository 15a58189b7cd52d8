// Scrutiny's data worker: started by the page for one load (a visitor's own file, or a release
// without a compact table). It runs the loader's WebAssembly module (built by Trunk from
// src/bin/scrutiny-loader.rs beside this script; the page's module never holds the loader),
// then hands the page's one start message to its Rust entry point, `worker_main`
// (src/data_worker/worker.rs), which loads, checks and builds the table off the page's thread.
// The message is taken at once, before the module is ready, so it cannot be missed.

self.onmessage = async (event) => {
  self.onmessage = null;
  try {
    const loader = await import('./scrutiny-loader.js');
    await loader.default();
    loader.worker_main(event.data);
  } catch (error) {
    // The page shows this message (a `Reply::Failed`, core/src/messages.rs); the worker
    // cannot work without its module.
    self.postMessage(JSON.stringify({ failed: { message: `The page's data worker could not start (${error}). Reload the page.` } }));
  }
};

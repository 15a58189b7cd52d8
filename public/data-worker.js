// Scrutiny's data worker: started by the page for one load. Its one message (the start
// message) carries the page's own compiled WebAssembly module and the address of its glue
// (so nothing is downloaded or compiled twice), with what to load; this script runs the
// module and hands the whole message to its Rust entry point, `worker_main`
// (src/data_worker/worker.rs), which loads, checks and builds the table off the page's thread.

// The start message's keys, as src/data_worker/mod.rs defines them (`keys::GLUE`,
// `keys::MODULE`; a test there checks these two lines).
const GLUE = 'glue';
const MODULE = 'module';

self.onmessage = async (event) => {
  self.onmessage = null;
  try {
    const bindings = await import(event.data[GLUE]);
    await bindings.default({ module_or_path: event.data[MODULE] });
    bindings.worker_main(event.data);
  } catch (error) {
    // The page shows this message (a `Reply::Failed`, core/src/messages.rs); the worker
    // cannot work without its module.
    self.postMessage(JSON.stringify({ failed: { message: `The page's data worker could not start (${error}). Reload the page.` } }));
  }
};

// Scrutiny's data worker. It runs the page's own WebAssembly module (sent by the page, so
// nothing is downloaded or compiled twice) and hands over to its Rust entry point,
// `worker_main` (src/worker.rs), which loads, checks and aggregates off the page's thread.
// The page holds its requests until the worker says it is ready.
self.onmessage = async (event) => {
  self.onmessage = null;
  const { glue, module } = event.data;
  try {
    const bindings = await import(glue);
    await bindings.default({ module_or_path: module });
    bindings.worker_main();
  } catch (error) {
    // The page shows this message; the worker cannot work without its module.
    self.postMessage(JSON.stringify({ id: 0, answer: { failed: { message: `The page's data worker could not start (${error}). Reload the page.` } } }));
  }
};

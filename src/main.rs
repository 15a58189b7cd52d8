//! Entry point of the dashboard: panic hook, logger, mount. Everything else is in the library.

fn main() {
    // The data worker runs this same module; there, `worker_main` starts it instead.
    if web_sys::window().is_none() {
        return;
    }
    scrutiny_web::panic_hook::install();
    scrutiny_web::init_logging();
    leptos::mount::mount_to_body(scrutiny_web::app::App);
}

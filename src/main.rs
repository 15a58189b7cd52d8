//! Entry point of the dashboard: panic hook, logger, mount. Everything else is in the library.

fn main() {
    scrutiny_web::panic_hook::install();
    scrutiny_web::init_logging();
    leptos::mount::mount_to_body(scrutiny_web::app::App);
}

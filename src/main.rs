//! Entry point of the dashboard's page module: panic hook, logger, mount. Everything else is
//! in the library. (The data worker runs the other module, src/bin/scrutiny-loader.rs.)

fn main() {
    scrutiny_web::panic_hook::install();
    scrutiny_web::init_logging();
    scrutiny_web::io::apply_language();
    leptos::mount::mount_to_body(scrutiny_web::app::App);
}

//! Profiles one re-filter on 1M dense records: `cargo run --release -p scrutiny-core --example refilter`.
#![allow(clippy::unwrap_used)]
use scrutiny_core::aggregate::{CaseTable, Filter};
use std::time::Instant;

fn main() {
    let cases = scrutiny_core::sample::dense_cases(1_000_000, 7);
    let table = CaseTable::new(&cases, scrutiny_core::sample::demo_as_of());
    drop(cases);
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..200 {
        n += table.aggregate(&Filter::default(), None).records;
    }
    println!("{:.2} ms per re-filter ({n})", t.elapsed().as_secs_f64() * 1000.0 / 200.0);
}

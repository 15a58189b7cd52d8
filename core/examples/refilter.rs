//! Profiles re-filters on 1M dense records: `cargo run --release -p scrutiny-core --example refilter`.
//! (The criterion benchmark `refilter` gives the figures of record; this is a quick look.)
#![allow(clippy::unwrap_used)] // Examples may panic on failure.
use chrono::NaiveDate;
use scrutiny_core::aggregate::{CaseTable, Filter};
use std::time::Instant;

fn main() {
    let cases = scrutiny_core::sample::dense_cases(1_000_000, 7);
    let table = CaseTable::new(&cases, scrutiny_core::sample::demo_as_of());
    drop(cases);
    let range = Filter { from: NaiveDate::from_ymd_opt(2015, 1, 1), to: NaiveDate::from_ymd_opt(2018, 12, 31), ..Filter::default() };
    let odd = Filter { from: NaiveDate::from_ymd_opt(2015, 3, 17), to: NaiveDate::from_ymd_opt(2018, 8, 2), ..Filter::default() };
    for (name, filter) in [("all", Filter::default()), ("2015-2018", range), ("2015-03-17..2018-08-02", odd)] {
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..100 {
            n += table.aggregate(&filter, None).records;
        }
        println!("{name}: {:.2} ms per re-filter ({n})", t.elapsed().as_secs_f64() * 1000.0 / 100.0);
    }
}

//! Times the loader's phases on a file: `cargo run --release -p scrutiny-core --example phases FILE`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools may panic on failure.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let bytes = std::fs::read(&path).expect("read");
    let mb = bytes.len() as f64 / 1e6;
    let as_of = scrutiny_core::sample::demo_as_of();
    let t = Instant::now();
    let text = scrutiny_core::load::decode_text(&bytes).expect("text");
    println!("decode   {:>7.0} MB/s", mb / t.elapsed().as_secs_f64());
    let t = Instant::now();
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    let mut n = 0;
    while r.read_record(&mut rec).unwrap() {
        n += rec.len();
    }
    println!("csv only {:>7.0} MB/s ({n} fields)", mb / t.elapsed().as_secs_f64());
    let t = Instant::now();
    let mut rows = 0;
    let _ = scrutiny_core::load::read_table(&bytes, scrutiny_core::Format::Csv, scrutiny_core::model::Schema::Extract, &mut |_| rows += 1);
    println!("read     {:>7.0} MB/s ({rows} rows)", mb / t.elapsed().as_secs_f64());
    let t = Instant::now();
    let report = scrutiny_core::load_cases(&bytes, &path, as_of);
    println!("full     {:>7.0} MB/s ({} records)", mb / t.elapsed().as_secs_f64(), report.records.len());
    let meta = scrutiny_core::sample::demo_metadata();
    let t = Instant::now();
    let table = scrutiny_core::aggregate::CaseTable::new(&report.records, as_of);
    println!("table    {:>7.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let release = scrutiny_core::Release::new(&report.records, meta);
    println!("release  {:>7.0} ms (table + commitments)", t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let figures = release.figures(&scrutiny_core::aggregate::Filter::default());
    println!("figures  {:>7.1} ms ({} cases)", t.elapsed().as_secs_f64() * 1000.0, figures.records);
    drop(table);
}

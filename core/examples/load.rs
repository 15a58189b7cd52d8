//! Loads and validates one file, for profilers (`valgrind --tool=callgrind`, `perf`):
//! `cargo build --release -p scrutiny-core --example load && target/release/examples/load FILE [CHUNK_BYTES]`.
//! With CHUNK_BYTES the file is pushed in chunks of that size, as the browser's streams deliver it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools may panic on failure.

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let chunk: usize = std::env::args().nth(2).and_then(|c| c.parse().ok()).unwrap_or(usize::MAX);
    let bytes = std::fs::read(&path).expect("read");
    let as_of = scrutiny_core::sample::demo_as_of();
    let t = std::time::Instant::now();
    let mut stream = scrutiny_core::LoadStream::new(&path, as_of, scrutiny_core::model::Schema::Extract, Some(bytes.len() as u64));
    bytes.chunks(chunk.min(bytes.len()).max(1)).for_each(|c| stream.push(c));
    let report = stream.finish();
    let seconds = t.elapsed().as_secs_f64();
    println!("{} records, {} rejected, {:.0} MB/s", report.records.len(), report.rejected, bytes.len() as f64 / 1e6 / seconds);
}

//! Prints the in-memory size of a record: `cargo run -p scrutiny-core --example sizes`.
fn main() {
    println!("Case: {} bytes", std::mem::size_of::<scrutiny_core::model::Case>());
    println!("Option<NaiveDate>: {} bytes", std::mem::size_of::<Option<chrono::NaiveDate>>());
}

//! The gate between a publisher's export and the figures: load + validate, at once
//! ([`load_cases`]) or a batch of records at a time ([`Loading`], so the page can show
//! progress and stay responsive), giving the same report either way.

use crate::load::{self, Format};
use crate::model::Schema;
use crate::report::{self, LoadReport};
use crate::validate;
use chrono::NaiveDate;

/// Loads and validates a cases file: the whole gate between a publisher's export and the
/// figures. `file_name` chooses CSV or JSON; `as_of` is the latest date allowed.
pub fn load_cases(bytes: &[u8], file_name: &str, as_of: NaiveDate) -> LoadReport {
    load_cases_of(bytes, file_name, as_of, Schema::Extract)
}

/// Loads and validates a cases file of `schema` (an internal extract or a public release).
pub fn load_cases_of(bytes: &[u8], file_name: &str, as_of: NaiveDate, schema: Schema) -> LoadReport {
    let mut loading = Loading::of(bytes, file_name, as_of, schema);
    while !loading.step(usize::MAX) {}
    loading.finish()
}

/// A cases file being loaded and validated a batch of records at a time, so the page can
/// show progress and stay responsive between batches. A CSV file is read in batches; a JSON
/// file in one step (its array is parsed whole).
pub struct Loading<'b> {
    reading: Reading<'b>,
    validator: validate::Validator,
    schema: Schema,
    total_bytes: usize,
}

enum Reading<'b> {
    Csv(Box<load::CsvReading<'b>>),
    Json(&'b [u8]),
    Finished(Result<load::RawTable, report::Refusal>),
}

impl<'b> Loading<'b> {
    /// Starts loading `bytes` as an internal extract; `file_name` chooses CSV or JSON.
    pub fn new(bytes: &'b [u8], file_name: &str, as_of: NaiveDate) -> Loading<'b> {
        Loading::of(bytes, file_name, as_of, Schema::Extract)
    }

    /// Starts loading `bytes` as a file of `schema`; `file_name` chooses CSV or JSON.
    pub fn of(bytes: &'b [u8], file_name: &str, as_of: NaiveDate, schema: Schema) -> Loading<'b> {
        let format = Format::detect(file_name, bytes);
        // Records are at most one per line (CSV) or per object (JSON): a cheap upper bound.
        let marker = if format == Format::Csv { b'\n' } else { b'{' };
        let estimate = bytes.iter().filter(|&&b| b == marker).count();
        let validator = validate::Validator::with_capacity(as_of, schema, estimate);
        let reading = match (format, load::decode_text(bytes)) {
            (_, Err(refusal)) => Reading::Finished(Err(refusal)),
            (Format::Csv, Ok(text)) => Reading::Csv(Box::new(load::CsvReading::new(text, schema))),
            (Format::Json, Ok(_)) => Reading::Json(bytes),
        };
        Loading { reading, validator, schema, total_bytes: bytes.len() }
    }

    /// Loads up to `max_records` more records. Returns whether loading is finished.
    pub fn step(&mut self, max_records: usize) -> bool {
        let validator = &mut self.validator;
        let mut sink = |row: load::RawRow<'_>| validator.row(row);
        // Taken out and put back, so a finished CSV reading can be consumed by `finish`.
        let reading = std::mem::replace(&mut self.reading, Reading::Finished(Err(report::Refusal::Empty)));
        self.reading = match reading {
            Reading::Finished(result) => Reading::Finished(result),
            Reading::Json(bytes) => Reading::Finished(load::read_table(bytes, Format::Json, self.schema, &mut sink)),
            Reading::Csv(mut reading) => match reading.step(max_records, &mut sink) {
                Ok(false) => {
                    self.reading = Reading::Csv(reading);
                    return false;
                }
                Ok(true) => Reading::Finished(reading.finish()),
                Err(refusal) => Reading::Finished(Err(refusal)),
            },
        };
        true
    }

    /// Bytes read so far and the file's size, for a progress bar.
    pub fn progress(&self) -> (usize, usize) {
        let done = match &self.reading {
            Reading::Csv(reading) => reading.position(),
            Reading::Json(_) => 0,
            Reading::Finished(_) => self.total_bytes,
        };
        (done.min(self.total_bytes), self.total_bytes)
    }

    /// The report, once [`Loading::step`] has said it is finished (earlier, the rest of the
    /// file is read first).
    pub fn finish(mut self) -> LoadReport {
        while !self.step(usize::MAX) {}
        match self.reading {
            Reading::Finished(Ok(table)) => self.validator.finish(table),
            // Rows already validated go with the validator: nothing from a refused file is kept.
            Reading::Finished(Err(refusal)) => LoadReport::refused(refusal),
            Reading::Csv(_) | Reading::Json(_) => LoadReport::refused(report::Refusal::Empty),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{export, sample};

    #[test]
    fn loading_in_batches_gives_what_loading_at_once_gives() {
        let mut csv = export::to_csv(&sample::demo_cases(sample::DEMO_SEED)).unwrap();
        // A blank line, a row error and a warning-worthy row, so every part of the report is compared.
        csv.push_str("\nBAD-1,P-0000000a,Offcer,Violence,2023-01-02,,,,,,,,,,,,,,\n");
        let as_of = sample::demo_as_of();
        let at_once = load_cases(csv.as_bytes(), "cases.csv", as_of);
        assert!(at_once.rejected > 0 && at_once.blank_rows_skipped > 0);
        for batch in [1, 7, 1000] {
            let mut loading = Loading::new(csv.as_bytes(), "cases.csv", as_of);
            let mut last = 0;
            while !loading.step(batch) {
                let (done, total) = loading.progress();
                assert!(done >= last && done <= total, "progress only moves forward");
                last = done;
            }
            assert_eq!(loading.progress().0, csv.len());
            assert_eq!(loading.finish(), at_once, "batches of {batch}");
        }
    }

    #[test]
    fn a_refused_file_is_refused_in_batches_too() {
        let bytes = b"case_id,subject_ref\nC-1,P-1\n";
        let mut loading = Loading::new(bytes, "cases.csv", sample::demo_as_of());
        while !loading.step(1) {}
        assert_eq!(loading.finish(), load_cases(bytes, "cases.csv", sample::demo_as_of()));
    }
}

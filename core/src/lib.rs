//! Scrutiny's pure core: the data model, loading, validation, aggregation and disclosure
//! control. It has no browser or UI dependencies and is tested natively.
//!
//! The data flows one way: [`load`] (bytes → rows) → [`validate`] (rows → cases and a
//! report) → [`aggregate`] (cases → exact counts) → [`figures`] (counts → disclosed figures
//! and summaries). The dashboard and the `scrutiny` CLI only call these.

pub mod aggregate;
pub mod cards;
pub mod commitments;
pub mod dates;
pub mod disclose;
pub mod export;
pub mod figures;
pub mod load;
pub mod messages;
pub mod metadata;
pub mod model;
pub mod privacy;
pub mod report;
pub mod sample;
pub mod summary;
pub mod validate;
pub mod view;

use chrono::NaiveDate;
pub use figures::Figures;
pub use load::Format;
pub use metadata::DatasetMeta;
pub use report::LoadReport;

/// Loads and validates a cases file: the whole gate between a publisher's export and the
/// figures. `file_name` chooses CSV or JSON; `as_of` is the latest date allowed.
pub fn load_cases(bytes: &[u8], file_name: &str, as_of: NaiveDate) -> LoadReport {
    let mut loading = Loading::new(bytes, file_name, as_of);
    while !loading.step(usize::MAX) {}
    loading.finish()
}

/// A cases file being loaded and validated a batch of records at a time, so the page can
/// show progress and stay responsive between batches. A CSV file is read in batches; a JSON
/// file in one step (its array is parsed whole).
pub struct Loading<'b> {
    reading: Reading<'b>,
    validator: validate::Validator,
    total_bytes: usize,
}

enum Reading<'b> {
    Csv(Box<load::CsvReading<'b>>),
    Json(&'b [u8]),
    Finished(Result<load::RawTable, report::Refusal>),
}

impl<'b> Loading<'b> {
    /// Starts loading `bytes`; `file_name` chooses CSV or JSON.
    pub fn new(bytes: &'b [u8], file_name: &str, as_of: NaiveDate) -> Loading<'b> {
        let format = Format::detect(file_name, bytes);
        // Records are at most one per line (CSV) or per object (JSON): a cheap upper bound.
        let marker = if format == Format::Csv { b'\n' } else { b'{' };
        let estimate = bytes.iter().filter(|&&b| b == marker).count();
        let validator = validate::Validator::with_capacity(as_of, estimate);
        let reading = match (format, load::decode_text(bytes)) {
            (_, Err(refusal)) => Reading::Finished(Err(refusal)),
            (Format::Csv, Ok(text)) => Reading::Csv(Box::new(load::CsvReading::new(text))),
            (Format::Json, Ok(_)) => Reading::Json(bytes),
        };
        Loading { reading, validator, total_bytes: bytes.len() }
    }

    /// Loads up to `max_records` more records. Returns whether loading is finished.
    pub fn step(&mut self, max_records: usize) -> bool {
        let validator = &mut self.validator;
        let mut sink = |row: load::RawRow<'_>| validator.row(row);
        // Taken out and put back, so a finished CSV reading can be consumed by `finish`.
        let reading = std::mem::replace(&mut self.reading, Reading::Finished(Err(report::Refusal::Empty)));
        self.reading = match reading {
            Reading::Finished(result) => Reading::Finished(result),
            Reading::Json(bytes) => Reading::Finished(load::read_table(bytes, Format::Json, &mut sink)),
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

/// A loaded release, ready to answer filters without re-parsing: the columnar case table,
/// the release's metadata, and its commitments (judged once, on the whole release, whatever
/// the filter: a commitment is about everything published).
#[derive(Debug, Clone)]
pub struct Release {
    table: aggregate::CaseTable,
    meta: DatasetMeta,
    commitments: Vec<commitments::CommitmentResult>,
}

impl Release {
    /// Builds the table for `cases` and evaluates the commitments in `meta`.
    pub fn new(cases: &[model::Case], meta: DatasetMeta) -> Release {
        Release::from_table(aggregate::CaseTable::new(cases, meta.as_of), meta)
    }

    /// A release from a table already built (read from the bytes of [`aggregate::CaseTable::to_bytes`]).
    pub fn from_table(table: aggregate::CaseTable, meta: DatasetMeta) -> Release {
        let whole = table.aggregate(&aggregate::Filter::default(), meta.review_target());
        let commitments = commitments::evaluate(&meta.commitments, &whole, meta.as_of, meta.min_cell_count);
        Release { table, meta, commitments }
    }

    /// The release's metadata.
    pub fn meta(&self) -> &DatasetMeta {
        &self.meta
    }

    /// Records in the release.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the release has no records.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The commitments with status and evidence.
    pub fn commitments(&self) -> &[commitments::CommitmentResult] {
        &self.commitments
    }

    /// Exact counts for the cases `filter` selects (for the CLI's raw output; never shown on the page).
    pub fn aggregates(&self, filter: &aggregate::Filter) -> aggregate::Aggregates {
        self.table.aggregate(filter, self.meta.review_target())
    }

    /// The disclosed figures for the cases `filter` selects, with the release's commitments.
    pub fn figures(&self, filter: &aggregate::Filter) -> Figures {
        let aggregates = self.aggregates(filter);
        let mut figures = Figures::disclose(&aggregates, self.meta.as_of, self.meta.min_cell_count, self.meta.court_weekly_range());
        figures.commitments = self.commitments.clone();
        figures
    }
}

/// Computes the disclosed figures for loaded cases under a release's metadata, unfiltered.
pub fn compute_figures(cases: &[model::Case], meta: &DatasetMeta) -> Figures {
    Release::new(cases, meta.clone()).figures(&aggregate::Filter::default())
}

#[cfg(test)]
mod tests {
    use super::*;

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

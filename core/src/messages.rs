//! The messages between the page and its data worker, as JSON text.
//!
//! A Web Worker fetches or reads the cases file, loads and validates it and builds the case
//! table; the page's thread never parses. One worker serves one load: the page starts it with
//! one [`Request`], and the worker answers with a [`Reply::Progress`] at each stage and batch,
//! then once with [`Reply::Loaded`] or [`Reply::Failed`], and ends. What crosses to the page:
//! the metadata, the load report's counts and problems (this module), and the built table as
//! bytes (transferred beside the `Loaded` reply, see [`crate::aggregate::codec`]), which
//! answers the page's filters. The records never cross. Both sides use these types, so a
//! change that one side cannot read fails to compile, and a native test checks that every
//! message reads back as written. (The JavaScript objects that carry these texts are the web
//! crate's `data_worker` module.)

use crate::metadata::DatasetMeta;
use crate::report::{LoadReport, Problem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the page asks its worker to load: the one request a worker gets. (Externally tagged,
/// `{"load_hosted": {...}}`: an internal tag would make serde buffer every message, in more
/// code and more time.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Load the release hosted beside the page, `data/{release}/`.
    LoadHosted {
        /// The release folder's name.
        release: String,
    },
    /// Load the visitor's own files, sent beside this message (a cases file and optionally
    /// its dataset.json); without a dataset.json the file is dated `today`.
    LoadFiles {
        /// The visitor's date, for a file opened without dataset.json.
        today: NaiveDate,
    },
}

/// What the worker tells the page (externally tagged, like [`Request`]): progress, then one
/// answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// Loading reached a stage; `done` of `total` bytes of the cases file are checked.
    Progress {
        /// The stage reached.
        stage: LoadStage,
        /// Bytes checked so far.
        done: u64,
        /// The cases file's size in bytes.
        total: u64,
    },
    /// The release loaded; its table's bytes travel beside this message.
    Loaded(Box<LoadedSummary>),
    /// The load failed; the message is what the user reads.
    Failed {
        /// What went wrong, in words.
        message: String,
    },
}

/// The stages of loading the page marks and shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadStage {
    /// The cases file is downloaded (or read) in full.
    Fetched,
    /// Records are being checked.
    Checking,
    /// Every record is checked.
    Parsed,
    /// The case table is built from the checked records.
    TableBuilt,
}

/// A release that loaded, as the page needs it besides its table: no records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadedSummary {
    /// dataset.json (or the defaults for a file opened without one).
    pub meta: DatasetMeta,
    /// What loading found.
    pub quality: DataQuality,
    /// The worker's WebAssembly memory after loading (its peak), in bytes (for the benchmark).
    pub worker_memory_bytes: u64,
    /// What the page left out of dataset.json, and why (an annotation it cannot draw).
    #[serde(default)]
    pub metadata_notes: Vec<String>,
}

/// How many problems a data-quality report carries (the page's panel lists them all); the
/// rest are counted, never dropped silently. A million-row file's thousands of warnings would
/// otherwise cross to the page, or fill a release's manifest, only to be counted there.
pub const LISTED_PROBLEMS: usize = 500;

/// What loading decided, without the records themselves. The same for a release read from its
/// cases file (the data worker) and from its compact table (its manifest carries this).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataQuality {
    /// The first [`LISTED_PROBLEMS`] row errors and warnings, in file order.
    pub problems: Vec<Problem>,
    /// Problems found beyond those listed.
    #[serde(default)]
    pub unlisted_problems: usize,
    /// Rows loaded.
    pub loaded: usize,
    /// Rows left out.
    pub rejected: usize,
    /// Warnings on kept rows.
    pub warnings: usize,
    /// Blank rows skipped.
    pub blank_rows_skipped: usize,
}

impl From<&LoadReport> for DataQuality {
    fn from(r: &LoadReport) -> Self {
        DataQuality {
            problems: r.problems.iter().take(LISTED_PROBLEMS).cloned().collect(),
            unlisted_problems: r.problems.len().saturating_sub(LISTED_PROBLEMS),
            loaded: r.records.len(),
            rejected: r.rejected,
            warnings: r.warnings(),
            blank_rows_skipped: r.blank_rows_skipped,
        }
    }
}

/// Writes a message as JSON. Every message type here serialises (no maps with non-string
/// keys, no non-finite numbers reach it: figures are counts and finite days); were one not
/// to, the text is a [`Reply::Failed`] that says why.
pub fn to_json<T: Serialize>(message: &T) -> String {
    serde_json::to_string(message).unwrap_or_else(|e| {
        serde_json::to_string(&Reply::Failed { message: e.to_string() })
            .unwrap_or_else(|_| r#"{"failed":{"message":"A message could not be written."}}"#.into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loading::load_cases;
    use crate::sample;

    fn round_trip<T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(message: T) {
        let text = to_json(&message);
        let back: T = serde_json::from_str(&text).unwrap();
        assert_eq!(back, message, "{text}");
    }

    #[test]
    fn every_message_reads_back_as_it_was_written() {
        let csv = crate::export::to_csv(&sample::demo_cases(sample::DEMO_SEED)).unwrap();
        let meta = sample::demo_metadata();
        let mut with_problems = csv.clone();
        with_problems.push_str("BAD-1,P-0000000a,Offcer,Violence,2023-01-02,,,,,,,,,,,,,,\n");
        let report = load_cases(with_problems.as_bytes(), "cases.csv", meta.as_of);
        assert!(!report.problems.is_empty());
        round_trip(Reply::Loaded(Box::new(LoadedSummary {
            meta: meta.clone(),
            quality: DataQuality::from(&report),
            worker_memory_bytes: 1 << 20,
            metadata_notes: vec!["dataset.json: annotation 1 (2023-02-07): the label must not be empty. It is not drawn.".into()],
        })));
        for stage in [LoadStage::Fetched, LoadStage::Checking, LoadStage::Parsed, LoadStage::TableBuilt] {
            round_trip(Reply::Progress { stage, done: 10, total: 20 });
        }
        round_trip(Reply::Failed { message: "The file is empty.".into() });
        // The shape public/data-worker.js writes when the worker cannot start.
        let from_js: Reply = serde_json::from_str(r#"{"failed":{"message":"no module"}}"#).unwrap();
        assert_eq!(from_js, Reply::Failed { message: "no module".into() });
        round_trip(Request::LoadHosted { release: "demo".into() });
        round_trip(Request::LoadFiles { today: meta.as_of });
    }
}

//! The messages between the page and its data worker, as JSON text.
//!
//! A Web Worker fetches or reads the cases file, loads and validates it and builds the case
//! table; the page's thread never parses. What crosses to the page: the metadata, the load
//! report's counts and problems (this module), and the built table as bytes (transferred
//! beside the message, see [`crate::aggregate::codec`]), which answers the page's filters. The
//! records never cross. Both sides use these types, so a change that one side cannot read
//! fails to compile, and a native test checks that every message reads back as written.

use crate::metadata::DatasetMeta;
use crate::report::{LoadReport, Problem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the page asks the worker, with the number that its reply will carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Chosen by the page; every reply to this request carries it.
    pub id: u32,
    /// What is asked.
    pub ask: Ask,
}

/// What the page can ask. (Externally tagged, `{"figures": {...}}`: an internal tag would make
/// serde buffer every message, in more code and more time.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
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

/// What the worker tells the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// The request this answers; 0 for [`Answer::Ready`].
    pub id: u32,
    /// The answer.
    pub answer: Answer,
}

/// The worker's answers (externally tagged, like [`Ask`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The worker has started and reads requests.
    Ready,
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
    /// The request failed; the message is what the user reads.
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
    /// The table is built.
    Aggregated,
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
}

/// What loading decided, without the records themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataQuality {
    /// Every row error and warning, in file order.
    pub problems: Vec<Problem>,
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
            problems: r.problems.clone(),
            loaded: r.records.len(),
            rejected: r.rejected,
            warnings: r.warnings(),
            blank_rows_skipped: r.blank_rows_skipped,
        }
    }
}

/// Writes a message as JSON. Every message type here serialises (no maps with non-string
/// keys, no non-finite numbers reach it: figures are counts and finite days).
pub fn to_json<T: Serialize>(message: &T) -> String {
    serde_json::to_string(message).unwrap_or_else(|e| format!("{{\"id\":0,\"answer\":{{\"failed\":{{\"message\":\"{e}\"}}}}}}"))
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
        round_trip(Reply {
            id: 7,
            answer: Answer::Loaded(Box::new(LoadedSummary {
                meta: meta.clone(),
                quality: DataQuality::from(&report),
                worker_memory_bytes: 1 << 20,
            })),
        });
        round_trip(Reply { id: 9, answer: Answer::Progress { stage: LoadStage::Checking, done: 10, total: 20 } });
        round_trip(Reply { id: 0, answer: Answer::Ready });
        round_trip(Reply { id: 3, answer: Answer::Failed { message: "The file is empty.".into() } });
        // The shape public/data-worker.js writes when the worker cannot start.
        let from_js: Reply = serde_json::from_str(r#"{"id":0,"answer":{"failed":{"message":"no module"}}}"#).unwrap();
        assert_eq!(from_js, Reply { id: 0, answer: Answer::Failed { message: "no module".into() } });
        round_trip(Request { id: 1, ask: Ask::LoadHosted { release: "demo".into() } });
        round_trip(Request { id: 2, ask: Ask::LoadFiles { today: meta.as_of } });
    }
}

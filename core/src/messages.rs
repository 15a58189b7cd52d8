//! The messages between the page and its data worker, as JSON text.
//!
//! The page's thread only draws: a Web Worker fetches or reads the cases file, loads and
//! validates it, builds the table and answers filters with disclosed [`Figures`]. Only
//! disclosed figures and the load report's counts and problems cross to the page; the records
//! never do. Both sides use these types, so a change to one side that the other cannot read
//! fails to compile, and a native test checks that every message reads back as it was written.

use crate::figures::Figures;
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
    /// Load the release hosted beside the page, `data/{release}/`, and reply with the figures
    /// for `view` (the page's query pairs, so the first chart needs no second round trip).
    LoadHosted {
        /// The release folder's name.
        release: String,
        /// The view's query pairs (see [`crate::view::ViewQuery`]).
        view: Vec<(String, String)>,
    },
    /// Load the visitor's own files, sent beside this message (a cases file and optionally
    /// its dataset.json); without a dataset.json the file is dated `today`.
    LoadFiles {
        /// The visitor's date, for a file opened without dataset.json.
        today: NaiveDate,
        /// The view's query pairs.
        view: Vec<(String, String)>,
    },
    /// The figures of the loaded release for a view.
    Figures {
        /// The view's query pairs.
        view: Vec<(String, String)>,
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
    /// The release loaded; the figures are for the view the request named.
    Loaded(Box<LoadedSummary>),
    /// The figures for a view.
    Figures(Box<Figures>),
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
}

/// A release that loaded, as the page needs it: no records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadedSummary {
    /// dataset.json (or the defaults for a file opened without one).
    pub meta: DatasetMeta,
    /// What loading found.
    pub quality: DataQuality,
    /// The figures for the view the request named (commitments included).
    pub figures: Figures,
    /// The worker's WebAssembly memory after loading, in bytes (for the benchmark).
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
    use crate::{compute_figures, load_cases, sample};

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
        // Figures with suppressed cells, commitments, an expected range and quartiles.
        let figures = compute_figures(&report.records, &meta);
        assert!(to_json(&figures).contains("[c]") && !figures.commitments.is_empty());
        round_trip(Reply {
            id: 7,
            answer: Answer::Loaded(Box::new(LoadedSummary {
                meta: meta.clone(),
                quality: DataQuality::from(&report),
                figures: figures.clone(),
                worker_memory_bytes: 1 << 20,
            })),
        });
        round_trip(Reply { id: 8, answer: Answer::Figures(Box::new(figures)) });
        round_trip(Reply { id: 9, answer: Answer::Progress { stage: LoadStage::Checking, done: 10, total: 20 } });
        round_trip(Reply { id: 0, answer: Answer::Ready });
        round_trip(Reply { id: 3, answer: Answer::Failed { message: "The file is empty.".into() } });
        // The shape public/data-worker.js writes when the worker cannot start.
        let from_js: Reply = serde_json::from_str(r#"{"id":0,"answer":{"failed":{"message":"no module"}}}"#).unwrap();
        assert_eq!(from_js, Reply { id: 0, answer: Answer::Failed { message: "no module".into() } });
        let view = vec![("category".to_string(), "Violence".to_string())];
        round_trip(Request { id: 1, ask: Ask::LoadHosted { release: "demo".into(), view: view.clone() } });
        round_trip(Request { id: 2, ask: Ask::LoadFiles { today: meta.as_of, view: view.clone() } });
        round_trip(Request { id: 3, ask: Ask::Figures { view } });
    }
}

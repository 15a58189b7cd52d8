//! Scrutiny's pure core: the data model, loading, validation, aggregation and disclosure
//! control. It has no browser or UI dependencies and is tested natively.
//!
//! The data flows one way: [`load`] (bytes → rows) → [`validate`] (rows → cases and a
//! report) → [`aggregate`] (cases → exact counts) → [`figures`] (counts → disclosed figures
//! and summaries). The dashboard and the `scrutiny` CLI only call these.

pub mod aggregate;
pub mod cards;
pub mod commitments;
pub mod compare;
pub mod dates;
pub mod disclose;
pub mod export;
pub mod figures;
pub mod headlines;
pub mod load;
pub mod loading;
pub mod manifest;
pub mod messages;
pub mod metadata;
pub mod model;
pub mod period;
pub mod privacy;
pub mod publish;
pub mod related;
pub mod release;
pub mod releases;
pub mod report;
pub mod sample;
pub mod subjects;
pub mod summary;
pub mod text;
pub mod validate;
pub mod view;
pub mod words;

// The names most callers need, from the module that defines each.
pub use aggregate::{CaseTable, Filter};
pub use figures::Figures;
pub use load::Format;
pub use loading::{load_cases, load_cases_of, LoadStream, Loading};
pub use metadata::DatasetMeta;
pub use release::{compute_figures, Release};
pub use report::LoadReport;
pub use text::safe_text;

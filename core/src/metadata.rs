//! `dataset.json`: the description of one release (see docs/DATASET-JSON.md).

use crate::model::Schema;
use crate::privacy::scan_value;
use crate::text::is_invisible_or_bidi;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The only metadata format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// Metadata for one release of case data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetMeta {
    /// Must be 1.
    pub format_version: u32,
    /// Title shown at the top of the page.
    pub title: String,
    /// Who publishes the data.
    pub publisher: String,
    /// The date the figures are correct to; no date in the data may be later.
    pub as_of: NaiveDate,
    /// Identifier of this release, e.g. "2024-03".
    pub release: String,
    /// Licence of the data.
    pub licence: String,
    /// Where the data comes from.
    pub source: String,
    /// How the figures were produced, in plain English.
    pub methodology: String,
    /// Counts from 1 to `min_cell_count - 1` are shown as `[c]`.
    #[serde(default = "default_min_cell_count")]
    pub min_cell_count: u32,
    /// True when the data is synthetic; the page then says so prominently.
    #[serde(default)]
    pub synthetic: bool,
    /// File name of the cases beside this file (`cases.csv` or `cases.json`).
    #[serde(default = "default_cases_file")]
    pub cases_file: String,
    /// Published commitments the dashboard tracks.
    #[serde(default)]
    pub commitments: Vec<Commitment>,
    /// What `scrutiny publish` did to make this a public release; absent beside an internal
    /// extract (whose cases file then holds exact dates, IDs and pseudonyms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<Publication>,
    /// Events to mark on the time charts (a sentencing, a report's publication), in the order
    /// given; each is drawn on every time chart whose axis covers its date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
}

/// An event marked on the time charts: a dated, labelled line. The label is data, always
/// shown as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    /// The day of the event.
    pub date: NaiveDate,
    /// What happened, in a few words ("Carrick sentenced").
    pub label: String,
}

/// The longest annotation label, in characters: a label must fit beside its line on a phone.
pub const MAX_ANNOTATION_LABEL: usize = 60;

/// The most annotations a dataset.json may carry: more would hide the charts behind them.
pub const MAX_ANNOTATIONS: usize = 12;

/// How a public release was made from an internal extract (see docs/DISCLOSURE.md): written
/// by `scrutiny publish` into the release's `dataset.json`, so the method and its parameters
/// travel with the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// The method, in words.
    pub method: String,
    /// The tool and version that made the release.
    pub tool: String,
    /// The fields whose every combination covers at least `min_cell_count` records.
    pub quasi_identifiers: Vec<String>,
    /// Columns of the extract that the release does not carry, and why.
    pub dropped: Vec<FieldNote>,
    /// How precisely each date is published, and why.
    pub dates: Vec<FieldNote>,
    /// How repeat reports are carried without linking a person's cases.
    pub subject_linkage: String,
    /// Records whose quasi-identifiers were generalised, field by field.
    pub generalised: Vec<Generalised>,
}

/// A field and what was done to it, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldNote {
    /// The column.
    pub field: String,
    /// What was done and why.
    pub note: String,
}

/// How many records had one quasi-identifier generalised to one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generalised {
    /// The column.
    pub field: String,
    /// What it was generalised to ("quarter", "year", "Withheld").
    pub to: String,
    /// Records generalised so.
    pub records: usize,
}

fn default_min_cell_count() -> u32 {
    3
}

fn default_cases_file() -> String {
    "cases.csv".into()
}

/// A published commitment, such as a deadline for the review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    /// Stable identifier, e.g. "review-by-target".
    pub id: String,
    /// The commitment in words, as it was made.
    pub title: String,
    /// Who made it and where (a citation).
    #[serde(default)]
    pub source: String,
    /// What is measured and against what.
    #[serde(flatten)]
    pub rule: CommitmentRule,
}

/// What a commitment promises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CommitmentRule {
    /// Complete the review of every case in review by a date.
    ReviewCompleteBy {
        /// The deadline.
        by: NaiveDate,
    },
    /// Between `min` and `max` court appearances a week, from a date.
    CourtAppearancesPerWeek {
        /// Fewest a week.
        min: f64,
        /// Most a week.
        max: f64,
        /// First day the commitment applies.
        from: NaiveDate,
    },
}

/// Refuses an annotation whose label is empty, too long, holds control or invisible
/// characters (which could reorder what a reader sees) or looks like personal data: a label
/// is published with the release and drawn on every chart.
fn check_annotation(position: usize, a: &Annotation) -> Result<(), MetadataError> {
    let bad = |m: String| Err(MetadataError::BadValue(format!("annotation {position} ({}): {m}", a.date)));
    let label = a.label.trim();
    if label.is_empty() {
        return bad("the label must not be empty.".into());
    }
    if label.chars().count() > MAX_ANNOTATION_LABEL {
        return bad(format!("the label has {} characters; at most {MAX_ANNOTATION_LABEL} fit on a chart.", label.chars().count()));
    }
    if label.chars().any(|c| c.is_control() || is_invisible_or_bidi(c)) {
        return bad("the label holds control or invisible characters; write it as plain text.".into());
    }
    if let Some(kind) = scan_value(label) {
        return bad(format!(
            "the label looks like it holds {}; an event is described without naming or contacting anyone.",
            kind.describe()
        ));
    }
    Ok(())
}

/// Why `dataset.json` cannot be used. The messages are what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MetadataError {
    /// Not valid JSON, or missing or mistyped fields.
    #[error("dataset.json is not valid: {detail} (line {line}, column {column}).")]
    Invalid {
        /// What is wrong.
        detail: String,
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
    },
    /// A field has a value the dashboard cannot use.
    #[error("dataset.json: {0}")]
    BadValue(String),
}

impl DatasetMeta {
    /// The metadata of a cases file opened without a dataset.json: titled by its file name,
    /// as of `today`, with the default smallest shown count and no commitments.
    pub fn for_file(file_name: &str, today: NaiveDate) -> DatasetMeta {
        DatasetMeta {
            format_version: FORMAT_VERSION,
            title: format!("Your file: {file_name}"),
            publisher: "You (opened in this page)".into(),
            as_of: today,
            release: "not published".into(),
            licence: "Yours".into(),
            source: format!("The file {file_name}, read in this page only. Nothing was uploaded."),
            methodology: "Figures are computed from your file with the same rules as the published releases. No dataset.json was given, so the as-of date is today, counts below 3 are shown as [c], and no commitments are tracked.".into(),
            min_cell_count: default_min_cell_count(),
            synthetic: false,
            cases_file: file_name.to_string(),
            commitments: Vec::new(),
            publication: None,
            annotations: Vec::new(),
        }
    }

    /// Parses and checks `dataset.json` (as `scrutiny publish` and `check` do: any problem
    /// refuses the file).
    pub fn from_json(text: &str) -> Result<DatasetMeta, MetadataError> {
        let meta = Self::parse(text)?;
        meta.check()?;
        Ok(meta)
    }

    /// Parses and checks `dataset.json` for the page: as [`DatasetMeta::from_json`], except that
    /// an annotation that fails its checks (or is past the 12th) is left out, with the reason
    /// in the returned notes, which the page shows: the release's figures do not depend on it,
    /// so they are still drawn.
    pub fn from_json_for_page(text: &str) -> Result<(DatasetMeta, Vec<String>), MetadataError> {
        let mut meta = Self::parse(text)?;
        let mut notes = Vec::new();
        let given = std::mem::take(&mut meta.annotations);
        for (i, a) in given.into_iter().enumerate() {
            if i >= MAX_ANNOTATIONS {
                notes.push(format!(
                    "dataset.json: annotation {} ({}) is not drawn: at most {MAX_ANNOTATIONS} events can be marked.",
                    i + 1,
                    a.date
                ));
                continue;
            }
            match check_annotation(i + 1, &a) {
                Ok(()) => meta.annotations.push(a),
                Err(e) => notes.push(format!("{e} It is not drawn.")),
            }
        }
        meta.check()?;
        Ok((meta, notes))
    }

    fn parse(text: &str) -> Result<DatasetMeta, MetadataError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        serde_json::from_str(text).map_err(|e| MetadataError::Invalid {
            detail: e.to_string().split(" at line ").next().unwrap_or_default().to_string(),
            line: e.line(),
            column: e.column(),
        })
    }

    fn check(&self) -> Result<(), MetadataError> {
        let bad = |m: &str| Err(MetadataError::BadValue(m.to_string()));
        if self.format_version != FORMAT_VERSION {
            return bad(&format!(
                "format_version {} is not supported; this dashboard reads version {FORMAT_VERSION}.",
                self.format_version
            ));
        }
        if self.title.trim().is_empty() {
            return bad("title must not be empty.");
        }
        if self.min_cell_count < 1 {
            return bad("min_cell_count must be at least 1.");
        }
        let safe_name = !self.cases_file.contains(['/', '\\']) && (self.cases_file.ends_with(".csv") || self.cases_file.ends_with(".json"));
        if !safe_name {
            return bad("cases_file must be a file name ending .csv or .json in the same folder, with no path.");
        }
        if self.annotations.len() > MAX_ANNOTATIONS {
            return bad(&format!("annotations: at most {MAX_ANNOTATIONS} events can be marked; this file has {}.", self.annotations.len()));
        }
        for (i, a) in self.annotations.iter().enumerate() {
            check_annotation(i + 1, a)?;
        }
        for c in &self.commitments {
            if let CommitmentRule::CourtAppearancesPerWeek { min, max, .. } = c.rule {
                if !(min.is_finite() && max.is_finite() && 0.0 <= min && min <= max) {
                    return bad(&format!("commitment \"{}\": min and max must be numbers with 0 <= min <= max.", c.id));
                }
            }
        }
        Ok(())
    }

    /// The day the weekly court commitment starts, if a commitment sets one.
    pub fn court_weekly_from(&self) -> Option<NaiveDate> {
        self.commitments.iter().find_map(|c| match c.rule {
            CommitmentRule::CourtAppearancesPerWeek { from, .. } => Some(from),
            _ => None,
        })
    }

    /// The kind of cases file beside this metadata: a public release's when it says how it
    /// was published, an internal extract's otherwise.
    pub fn schema(&self) -> Schema {
        if self.publication.is_some() {
            Schema::Release
        } else {
            Schema::Extract
        }
    }

    /// The deadline of the review commitment, if there is one.
    pub fn review_target(&self) -> Option<NaiveDate> {
        self.commitments.iter().find_map(|c| match c.rule {
            CommitmentRule::ReviewCompleteBy { by } => Some(by),
            _ => None,
        })
    }

    /// The expected weekly range of court appearances, if a commitment sets one.
    pub fn court_weekly_range(&self) -> Option<(f64, f64)> {
        self.commitments.iter().find_map(|c| match c.rule {
            CommitmentRule::CourtAppearancesPerWeek { min, max, .. } => Some((min, max)),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"format_version":1,"title":"T","publisher":"P","as_of":"2024-03-31","release":"r1","licence":"OGL","source":"s","methodology":"m"}"#;

    #[test]
    fn minimal_metadata_gets_defaults() {
        let m = DatasetMeta::from_json(MINIMAL).unwrap();
        assert_eq!(m.min_cell_count, 3);
        assert_eq!(m.cases_file, "cases.csv");
        assert_eq!(m.review_target(), None);
    }

    #[test]
    fn errors_say_what_and_where() {
        let e = DatasetMeta::from_json(r#"{"format_version":1}"#).unwrap_err();
        assert!(e.to_string().contains("missing field `title`"), "{e}");
        let e = DatasetMeta::from_json(&MINIMAL.replace("2024-03-31", "31/03/2024")).unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
        let e = DatasetMeta::from_json(&MINIMAL.replace(r#""format_version":1"#, r#""format_version":2"#)).unwrap_err();
        assert!(e.to_string().contains("not supported"), "{e}");
        let e = DatasetMeta::from_json(&MINIMAL.replace(r#""title":"T""#, r#""title":"T","cases_file":"../x.csv""#)).unwrap_err();
        assert!(matches!(e, MetadataError::BadValue(_)));
    }

    fn with_annotations(json: &str) -> Result<DatasetMeta, MetadataError> {
        DatasetMeta::from_json(&MINIMAL.replace(r#""methodology":"m""#, &format!(r#""methodology":"m","annotations":{json}"#)))
    }

    #[test]
    fn annotations_are_read_and_checked() {
        let m = with_annotations(
            r#"[{"date":"2023-02-07","label":"Carrick sentenced"},{"date":"2023-03-21","label":"Casey Review published"}]"#,
        )
        .unwrap();
        assert_eq!(m.annotations.len(), 2);
        assert_eq!(m.annotations[0], Annotation { date: NaiveDate::from_ymd_opt(2023, 2, 7).unwrap(), label: "Carrick sentenced".into() });
        assert!(DatasetMeta::from_json(MINIMAL).unwrap().annotations.is_empty(), "optional");
        let refused = |json: &str, says: &str| {
            let e = with_annotations(json).unwrap_err().to_string();
            assert!(e.contains(says), "{json}: {e}");
        };
        refused(r#"[{"date":"2023-02-07","label":"x","colour":"red"}]"#, "unknown field `colour`");
        refused(r#"[{"date":"7/2/2023","label":"x"}]"#, "line 1");
        refused(r#"[{"date":"2023-02-07"}]"#, "missing field `label`");
        refused(r#"[{"date":"2023-02-07","label":"  "}]"#, "annotation 1 (2023-02-07): the label must not be empty");
        refused(&format!(r#"[{{"date":"2023-02-07","label":"{}"}}]"#, "a".repeat(61)), "61 characters");
        refused(r#"[{"date":"2023-02-07","label":"x\u202Ey"}]"#, "invisible");
        refused(r#"[{"date":"2023-02-07","label":"PC John Smith sentenced"}]"#, "a police rank followed by a name");
        let many = vec![r#"{"date":"2023-02-07","label":"x"}"#; 13].join(",");
        refused(&format!("[{many}]"), "at most 12");
        // The page draws the rest, and says which it left out and why.
        let page = |json: &str| {
            DatasetMeta::from_json_for_page(&MINIMAL.replace(r#""methodology":"m""#, &format!(r#""methodology":"m","annotations":{json}"#)))
                .unwrap()
        };
        let (m, notes) =
            page(r#"[{"date":"2023-02-07","label":"PC John Smith sentenced"},{"date":"2023-03-21","label":"Casey Review published"}]"#);
        assert_eq!(m.annotations.len(), 1);
        assert_eq!(m.annotations[0].label, "Casey Review published");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("annotation 1 (2023-02-07)") && notes[0].ends_with("It is not drawn."), "{notes:?}");
        let (m, notes) = page(&format!("[{many}]"));
        assert_eq!((m.annotations.len(), notes.len()), (12, 1));
        assert!(DatasetMeta::from_json_for_page(r#"{"format_version":1}"#).is_err(), "anything else still refuses the file");
    }

    #[test]
    fn commitments_are_read_by_kind() {
        let text = MINIMAL.replace(
            r#""methodology":"m""#,
            r#""methodology":"m","commitments":[{"id":"a","title":"t","kind":"review_complete_by","by":"2023-03-31"},{"id":"b","title":"t","kind":"court_appearances_per_week","min":2,"max":3,"from":"2023-01-01"}]"#,
        );
        let m = DatasetMeta::from_json(&text).unwrap();
        assert_eq!(m.review_target(), NaiveDate::from_ymd_opt(2023, 3, 31));
        assert_eq!(m.court_weekly_range(), Some((2.0, 3.0)));
    }
}

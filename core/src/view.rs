//! What a view of the dashboard is, in words a URL and a briefing can carry: the view query
//! (release, comparison, filter, embed) to and from query pairs, the filter in plain English, tables as
//! safe CSV. Pure functions: the page does the I/O.

use crate::aggregate::{Filter, FilterDimension};
use crate::dates::long_date;
use crate::releases::is_release_id;
use crate::text::safe_text;
use crate::words::{tr, tr_label, trf, Lang};

/// Everything a permalink says: which release, compared with which, which cases, and whether
/// one chart is embedded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewQuery {
    /// The hosted release folder under `data/` (`None`: the newest release).
    pub release: Option<String>,
    /// An earlier release to compare it with.
    pub compare: Option<String>,
    /// Which cases the figures count.
    pub filter: Filter,
    /// The id of the one chart card to show alone, for an iframe.
    pub embed: Option<String>,
    /// The language the page is read in (`lang=cy`; English when the link says none).
    pub lang: Lang,
}

/// Query keys, as they appear in a permalink; each filter dimension's key follows `to`
/// (see [`FilterDimension::key`]).
mod key {
    pub const RELEASE: &str = "release";
    pub const COMPARE: &str = "compare";
    pub const FROM: &str = "from";
    pub const TO: &str = "to";
    pub const EMBED: &str = "embed";
    pub const LANG: &str = "lang";
}

impl ViewQuery {
    /// Reads decoded query pairs. Values that mean nothing are left out and described in the
    /// returned notes, so a mistyped link says what it ignored instead of silently showing
    /// something else.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> (ViewQuery, Vec<String>) {
        let mut query = ViewQuery::default();
        let mut notes = Vec::new();
        for (k, v) in pairs {
            let (k, v) = (k.as_ref(), v.as_ref().trim());
            match k {
                key::RELEASE if is_release_id(v) => query.release = Some(v.to_string()),
                key::RELEASE => {
                    notes.push(trf("The link names a release \"{}\" that cannot exist; the newest release is shown.", &[&safe_text(v)]));
                }
                key::COMPARE if is_release_id(v) => query.compare = Some(v.to_string()),
                key::COMPARE if v.is_empty() => {}
                key::COMPARE => {
                    notes.push(trf("The link compares with a release \"{}\" that cannot exist; no comparison is shown.", &[&safe_text(v)]));
                }
                key::FROM | key::TO => match crate::dates::parse_iso_date(v) {
                    Some(d) if k == key::FROM => query.filter.from = Some(d),
                    Some(d) => query.filter.to = Some(d),
                    None => {
                        notes.push(trf("The link's \"{}\" date \"{}\" is not a date (YYYY-MM-DD); it was ignored.", &[&k, &safe_text(v)]));
                    }
                },
                key::EMBED if !v.is_empty() => query.embed = Some(v.to_string()),
                key::LANG => match Lang::parse(v) {
                    Some(lang) => query.lang = lang,
                    None => notes.push(trf(
                        "The link asks for a language \"{}\" the page is not written in; it is shown in English.",
                        &[&safe_text(v)],
                    )),
                },
                _ => {
                    let Some(&dimension) = FilterDimension::ALL.iter().find(|d| d.key() == k) else { continue };
                    if query.filter.choose(dimension, v).is_err() {
                        notes.push(trf("The link's {} \"{}\" is not one of the allowed values; it was ignored.", &[&k, &safe_text(v)]));
                    }
                }
            }
        }
        (query, notes)
    }

    /// The query pairs of a permalink, in a stable order (the same view gives the same link).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        let mut put = |k: &str, v: String| pairs.push((k.to_string(), v));
        if let Some(release) = &self.release {
            put(key::RELEASE, release.clone());
        }
        if let Some(compare) = &self.compare {
            put(key::COMPARE, compare.clone());
        }
        if let Some(d) = self.filter.from {
            put(key::FROM, crate::dates::iso_date(d));
        }
        if let Some(d) = self.filter.to {
            put(key::TO, crate::dates::iso_date(d));
        }
        for &dimension in FilterDimension::ALL {
            for label in self.filter.chosen_labels(dimension) {
                put(dimension.key(), label.to_string());
            }
        }
        if let Some(embed) = &self.embed {
            put(key::EMBED, embed.clone());
        }
        if self.lang != Lang::En {
            put(key::LANG, self.lang.code().to_string());
        }
        pairs
    }
}

/// The filter in words, for the live region, the briefing and the download:
/// "All cases" or "Reported from 1 January 2015 to 31 December 2018; allegation category:
/// Sexual offence; role: Officer or Staff".
pub fn describe_filter(filter: &Filter) -> String {
    let mut parts = Vec::new();
    match (filter.from, filter.to) {
        (Some(from), Some(to)) => parts.push(trf("reported from {} to {}", &[&long_date(from), &long_date(to)])),
        (Some(from), None) => parts.push(trf("reported on or after {}", &[&long_date(from)])),
        (None, Some(to)) => parts.push(trf("reported on or before {}", &[&long_date(to)])),
        (None, None) => {}
    }
    for &dimension in FilterDimension::ALL {
        let labels = filter.chosen_labels(dimension);
        if !labels.is_empty() {
            let labels: Vec<String> = labels.iter().map(|l| tr_label(l)).collect();
            parts.push(format!("{}: {}", tr(dimension.words()), or_list(&labels)));
        }
    }
    let text = parts.join("; ");
    let mut chars = text.chars();
    match chars.next() {
        None => tr("All cases").to_string(),
        Some(first) => first.to_uppercase().chain(chars).collect(),
    }
}

/// "A", "A or B", "A, B or C".
fn or_list(labels: &[String]) -> String {
    match labels {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => trf("{} or {}", &[&rest.join(", "), last]),
    }
}

/// One table as the page shows it: the same cells go to the CSV download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableData {
    /// Stable name (`data-table` on the page).
    pub name: String,
    /// The caption.
    pub caption: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cell texts (counts already disclosed: `[c]` for a suppressed cell).
    pub rows: Vec<Vec<String>>,
}

/// The tables as one CSV: for each table, a line with its caption, its header line and its
/// rows, with a blank line between tables. A cell starting with `=`, `+`, `-`, `@`, tab or
/// carriage return gets a leading `'`, so a spreadsheet shows it instead of running it.
pub fn tables_csv(preamble: &[String], tables: &[TableData]) -> String {
    let mut sections = Vec::new();
    if !preamble.is_empty() {
        sections.push(csv_lines(preamble.iter().map(|line| vec![line.clone()])));
    }
    for table in tables {
        let lines =
            std::iter::once(vec![table.caption.clone()]).chain(std::iter::once(table.headers.clone())).chain(table.rows.iter().cloned());
        sections.push(csv_lines(lines));
    }
    // A truly blank line between sections (a CSV writer would write `""` for an empty record).
    sections.join("\n")
}

/// Lines of cells as CSV text, each cell neutralised.
fn csv_lines(lines: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for cells in lines {
        // Writing to a Vec cannot fail; a failure would only drop this line.
        let _ = out.write_record(cells.iter().map(|c| neutralise_formula(c)));
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Prefixes a cell a spreadsheet would treat as a formula.
pub fn neutralise_formula(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AllegationCategory, OtherForce, Role, Source};
    use chrono::NaiveDate;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn sorted<T: Copy + Ord>(items: &[T]) -> Vec<T> {
        let mut items = items.to_vec();
        items.sort();
        items
    }

    #[test]
    fn every_option_of_every_dimension_round_trips_through_a_link() {
        let keys: Vec<&str> = FilterDimension::ALL.iter().map(|d| d.key()).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "dimension keys are unique: {keys:?}");
        assert!(keys.iter().all(|k| ![key::RELEASE, key::FROM, key::TO, key::EMBED].contains(k)), "{keys:?}");
        let mut everything = Filter::default();
        for &dimension in FilterDimension::ALL {
            let options = dimension.options();
            assert!(!options.is_empty(), "{dimension:?}");
            for (i, label) in options.iter().enumerate() {
                let mut filter = Filter::default();
                filter.toggle(dimension, i);
                assert_eq!(filter.chosen_labels(dimension), vec![*label]);
                let query = ViewQuery { filter: filter.clone(), ..ViewQuery::default() };
                assert_eq!(query.to_pairs(), vec![(dimension.key().to_string(), label.to_string())]);
                let (back, notes) = ViewQuery::from_pairs(query.to_pairs());
                assert!(notes.is_empty(), "{notes:?}");
                assert_eq!(back.filter, filter, "{dimension:?} {label}");
                everything.toggle(dimension, i);
            }
            assert_eq!(everything.chosen_labels(dimension).len(), options.len());
        }
        let query = ViewQuery { filter: everything, ..ViewQuery::default() };
        let (back, notes) = ViewQuery::from_pairs(query.to_pairs());
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back.to_pairs(), query.to_pairs());
        for &dimension in FilterDimension::ALL {
            assert_eq!(back.filter.chosen_labels(dimension), query.filter.chosen_labels(dimension));
        }
    }

    #[test]
    fn a_permalink_round_trips() {
        let query = ViewQuery {
            release: Some("2024-q1".into()),
            compare: Some("2023-q4".into()),
            filter: Filter {
                from: Some(ymd(2015, 1, 1)),
                to: Some(ymd(2018, 12, 31)),
                categories: vec![AllegationCategory::Violence, AllegationCategory::SexualOffence],
                roles: vec![Role::Officer],
                sources: vec![None, Some(Source::Hotline)],
                other_forces: vec![Some(OtherForce::Yes)],
            },
            embed: Some("court-weekly".into()),
            lang: Lang::Cy,
        };
        let (back, notes) = ViewQuery::from_pairs(query.to_pairs());
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back.to_pairs(), query.to_pairs());
        assert_eq!((back.release, back.compare), (query.release, query.compare));
        assert_eq!(back.filter.from, query.filter.from);
        assert_eq!(sorted(&back.filter.categories), sorted(&query.filter.categories));
    }

    #[test]
    fn bad_link_values_are_ignored_and_named() {
        let (query, notes) = ViewQuery::from_pairs([
            ("from", "2015-13-01"),
            ("category", "Parking"),
            ("release", "../secret"),
            ("role", "officer"),
            ("compare", "/etc"),
        ]);
        assert_eq!(query.filter.from, None);
        assert_eq!(query.filter.roles, vec![Role::Officer], "matched as in the data: case-insensitive");
        assert_eq!((query.release, query.compare), (None, None));
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert!(notes[3].contains("no comparison is shown"));
        assert!(notes[1].contains("Parking"));
    }

    #[test]
    fn filters_in_words() {
        assert_eq!(describe_filter(&Filter::default()), "All cases");
        let f = Filter {
            from: Some(ymd(2015, 1, 1)),
            categories: vec![AllegationCategory::DomesticAbuse, AllegationCategory::SexualOffence, AllegationCategory::Other],
            sources: vec![None],
            ..Filter::default()
        };
        assert_eq!(
            describe_filter(&f),
            "Reported on or after 1 January 2015; allegation category: Sexual offence, Domestic abuse or Other; source: not recorded"
        );
        let (query, notes) = ViewQuery::from_pairs([("other_force", "yes")]);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(query.filter.other_forces, vec![Some(OtherForce::Yes)]);
        assert_eq!(describe_filter(&query.filter), "Serves in another force: Yes");
        assert_eq!(query.to_pairs(), vec![("other_force".to_string(), "Yes".to_string())]);
    }

    #[test]
    fn bidi_controls_and_control_characters_are_removed() {
        assert_eq!(safe_text("abc\u{202E}fdp.exe\u{2066}x\u{0007}\ny"), "abcfdp.exex\ny");
        assert_eq!(safe_text("<img src=x onerror=alert(1)>"), "<img src=x onerror=alert(1)>", "HTML stays text; the page never parses it");
    }

    #[test]
    fn csv_neutralises_formulas_and_keeps_tables_apart() {
        let table = |name: &str, label: &str| TableData {
            name: name.into(),
            caption: format!("{name} caption"),
            headers: vec!["Label".into(), "Cases".into()],
            rows: vec![vec![label.into(), "[c]".into()], vec!["Total, all".into(), "1,234".into()]],
        };
        let csv = tables_csv(&["Scrutiny".into()], &[table("a", "=HYPERLINK(\"x\")"), table("b", "-1")]);
        assert!(csv.contains("\n\nb caption"), "a blank line before each table: {csv}");
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv.as_bytes());
        let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
        assert_eq!(rows[0], vec!["Scrutiny"]);
        // The reader skips the blank lines between sections.
        assert_eq!(rows[1], vec!["a caption"]);
        assert_eq!(rows[2], vec!["Label", "Cases"]);
        assert_eq!(rows[3], vec!["'=HYPERLINK(\"x\")", "[c]"]);
        assert_eq!(rows[4], vec!["Total, all", "1,234"], "commas are quoted, not split");
        assert_eq!(rows[7], vec!["'-1", "[c]"]);
    }
}

//! A release against an earlier one, for the same filter: the headline figures side by side
//! with the change, each commitment's status then and now, and the weekly review and court
//! series of both. Each release's figures are disclosed on their own; a count hidden in
//! either stays `[c]`, and a change is computed only from two shown counts (a change from a
//! hidden count would give the hidden count away).

use crate::commitments::CommitmentStatus;
use crate::dates::{iso_week_key, long_date};
use crate::disclose::{thousands, Cell};
use crate::figures::{Figures, WeekCell};
use crate::headlines::headlines;
use crate::view::TableData;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The comparison card's stable id (anchors, downloads, tests).
pub const KEY: &str = "comparison";
/// The comparison chart's own title.
pub const CHART_TITLE: &str = "Reviews completed and first court appearances, in both releases";
/// What the comparison counts.
pub const SUBTITLE: &str =
    "The same selection of cases in each release: headline figures, commitments, and the weekly review and court series";
/// Definitions and caveats.
pub const ABOUT: &str = "Each release is counted and disclosed on its own, for the same filters. A change is shown only when both counts are shown: where either release shows [c], the change is [c] too, because it would give the hidden count away. A later release can revise earlier weeks (late records, corrections). Each release also publishes values only as precisely as its own records allow: a reported month, a source, a role or a category withheld in one release may be given in the other, so part of a change under a filter can come from that rather than from new cases. Commitments are judged on each whole release.";

/// A release as the comparison names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseName {
    /// The release's id (`?release=`).
    pub id: String,
    /// The date its figures are as of.
    pub as_of: NaiveDate,
}

impl ReleaseName {
    /// "as of 31 March 2024 (demo)".
    pub fn label(&self) -> String {
        crate::releases::release_label(&self.id, self.as_of)
    }
}

/// A headline figure in both releases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparedFigure {
    /// The headline's key.
    pub key: &'static str,
    /// What is counted.
    pub label: String,
    /// In the earlier release (`None`: that release has no such figure).
    pub then: Option<Cell>,
    /// In this release (`None`: this release has no such figure).
    pub now: Option<Cell>,
}

impl ComparedFigure {
    /// Now minus then, when both are shown.
    pub fn change(&self) -> Option<i64> {
        match (self.then?, self.now?) {
            (Cell::Shown(then), Cell::Shown(now)) => Some(i64::from(now) - i64::from(then)),
            _ => None,
        }
    }

    /// The change in words: "up 12", "down 3", "no change"; `[c]` when a count is hidden.
    pub fn change_text(&self) -> String {
        match (self.then, self.now, self.change()) {
            (_, _, Some(0)) => "no change".into(),
            (_, _, Some(d)) if d > 0 => format!("up {}", thousands(u32::try_from(d).unwrap_or(u32::MAX))),
            (_, _, Some(d)) => format!("down {}", thousands(u32::try_from(-d).unwrap_or(u32::MAX))),
            (Some(_), Some(_), None) => Cell::Suppressed.to_string(),
            _ => "not in both releases".into(),
        }
    }
}

/// A commitment's status in both releases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparedCommitment {
    /// The commitment as made.
    pub title: String,
    /// Its status in the earlier release (`None`: not published then).
    pub then: Option<CommitmentStatus>,
    /// Its status in this release (`None`: not published now).
    pub now: Option<CommitmentStatus>,
}

/// One ISO week of the weekly series, in both releases (`None`: the week is outside that
/// release's series).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparedWeek {
    /// Monday of the week.
    pub week_start: NaiveDate,
    /// "w/c 6 Feb 2023".
    pub label: String,
    /// The ISO week, `YYYY-Www`.
    pub iso_week: String,
    /// Reviews completed so far at the week's end: then, now.
    pub reviews: [Option<Cell>; 2],
    /// First court appearances in the week: then, now.
    pub court: [Option<Cell>; 2],
}

/// This release against an earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The earlier release.
    pub then: ReleaseName,
    /// The release shown.
    pub now: ReleaseName,
    /// The headline figures.
    pub figures: Vec<ComparedFigure>,
    /// The commitments, this release's first, then any only the earlier one had.
    pub commitments: Vec<ComparedCommitment>,
    /// The weekly series, every week of either release in order.
    pub weeks: Vec<ComparedWeek>,
    /// Cases in the review, then and now (the chart's scale).
    pub in_review: [Cell; 2],
    /// The comparison in plain English.
    pub summary: String,
}

/// Compares two releases for the same filter, whichever the page shows: the one with the
/// earlier as-of date is "then".
pub fn between(a: (&ReleaseName, &Figures), b: (&ReleaseName, &Figures)) -> Comparison {
    if b.0.as_of < a.0.as_of {
        compare(b, a)
    } else {
        compare(a, b)
    }
}

/// Compares `now` with `then` (an earlier release), both for the same filter.
pub fn compare(then: (&ReleaseName, &Figures), now: (&ReleaseName, &Figures)) -> Comparison {
    let (then_name, then_figures) = then;
    let (now_name, now_figures) = now;
    let earlier = headlines(then_figures);
    let mut figures: Vec<ComparedFigure> = headlines(now_figures)
        .into_iter()
        .map(|h| ComparedFigure {
            key: h.key,
            then: earlier.iter().find(|e| e.key == h.key).map(|e| e.value),
            label: h.label,
            now: Some(h.value),
        })
        .collect();
    let only_then: Vec<ComparedFigure> = earlier
        .into_iter()
        .filter(|e| !figures.iter().any(|f| f.key == e.key))
        .map(|e| ComparedFigure { key: e.key, label: e.label, then: Some(e.value), now: None })
        .collect();
    figures.extend(only_then);
    let status = |f: &Figures, id: &str| f.commitments.iter().find(|c| c.id == id).map(|c| c.status);
    let mut commitments: Vec<ComparedCommitment> = now_figures
        .commitments
        .iter()
        .map(|c| ComparedCommitment { title: c.title.clone(), then: status(then_figures, &c.id), now: Some(c.status) })
        .collect();
    for c in then_figures.commitments.iter().filter(|c| status(now_figures, &c.id).is_none()) {
        commitments.push(ComparedCommitment { title: c.title.clone(), then: Some(c.status), now: None });
    }
    let weeks = merge_weeks(
        [&then_figures.review.cumulative_by_week, &now_figures.review.cumulative_by_week],
        [&then_figures.court.weeks, &now_figures.court.weeks],
    );
    let mut comparison = Comparison {
        then: then_name.clone(),
        now: now_name.clone(),
        figures,
        commitments,
        weeks,
        in_review: [then_figures.review.in_review, now_figures.review.in_review],
        summary: String::new(),
    };
    comparison.summary = summary(&comparison);
    comparison
}

/// Every week of either release's series, with each release's value where it has the week.
fn merge_weeks(reviews: [&[WeekCell]; 2], court: [&[WeekCell]; 2]) -> Vec<ComparedWeek> {
    let mut weeks: BTreeMap<NaiveDate, ComparedWeek> = BTreeMap::new();
    let mut put = |series: &[WeekCell], release: usize, is_review: bool| {
        for w in series {
            let week = weeks.entry(w.week_start).or_insert_with(|| ComparedWeek {
                week_start: w.week_start,
                label: w.label.clone(),
                iso_week: iso_week_key(w.week_start),
                reviews: [None; 2],
                court: [None; 2],
            });
            let slot = if is_review { &mut week.reviews } else { &mut week.court };
            slot[release] = Some(w.count);
        }
    };
    for release in 0..2 {
        put(reviews[release], release, true);
        put(court[release], release, false);
    }
    weeks.into_values().collect()
}

/// The comparison in words: each headline figure's change, and each commitment whose status
/// changed.
fn summary(c: &Comparison) -> String {
    let mut sentences = vec![format!(
        "Comparing the release as of {} with the release as of {}, for the same cases.",
        long_date(c.now.as_of),
        long_date(c.then.as_of)
    )];
    let changes: Vec<String> = c
        .figures
        .iter()
        .filter_map(|f| match (f.then, f.now, f.change()) {
            (Some(then), Some(now), Some(d)) if d != 0 => Some(format!("{}: {} from {then} to {now}", f.label, f.change_text())),
            (Some(_), Some(_), Some(_)) => Some(format!("{}: no change", f.label)),
            (Some(_), Some(_), None) => Some(format!("{}: not shown, a count is [c]", f.label)),
            _ => None,
        })
        .collect();
    if !changes.is_empty() {
        sentences.push(format!("{}.", changes.join("; ")));
    }
    for commitment in &c.commitments {
        if let (Some(then), Some(now)) = (commitment.then, commitment.now) {
            if then != now {
                sentences.push(format!("\"{}\" was {} and is now {}.", commitment.title, then.label(), now.label()));
            }
        }
    }
    sentences.join(" ")
}

impl Comparison {
    /// The card's headline: what changed since when.
    pub fn title(&self) -> String {
        format!("What changed since the release as of {}", long_date(self.then.as_of))
    }

    /// The tables: the comparison of headline figures and commitments, and the weekly series.
    pub fn tables(&self) -> Vec<TableData> {
        let (then, now) = (self.then.label(), self.now.label());
        let shown = |cell: Option<Cell>| cell.map_or_else(|| "not published".to_string(), |c| c.to_string());
        let mut rows: Vec<Vec<String>> =
            self.figures.iter().map(|f| vec![f.label.clone(), shown(f.then), shown(f.now), f.change_text()]).collect();
        for c in &self.commitments {
            let status = |s: Option<CommitmentStatus>| s.map_or_else(|| "not published".to_string(), |s| s.label().to_string());
            let change = if c.then == c.now { "no change".to_string() } else { format!("{} to {}", status(c.then), status(c.now)) };
            rows.push(vec![format!("Commitment: {}", c.title), status(c.then), status(c.now), change]);
        }
        let weekly = self
            .weeks
            .iter()
            .map(|w| {
                let cell = |c: Option<Cell>| c.map_or_else(|| "–".to_string(), |c| c.to_string());
                vec![w.label.clone(), w.iso_week.clone(), cell(w.reviews[0]), cell(w.reviews[1]), cell(w.court[0]), cell(w.court[1])]
            })
            .collect();
        let headers = |cells: &[String]| cells.to_vec();
        vec![
            TableData {
                name: KEY.into(),
                caption: format!("Comparison of the release {now} with the release {then}"),
                // Short headers (the caption names both releases): a phone shows the table whole.
                headers: headers(&[
                    "Figure".into(),
                    format!("Then: {}", crate::dates::short_date(self.then.as_of)),
                    format!("Now: {}", crate::dates::short_date(self.now.as_of)),
                    "Change".into(),
                ]),
                rows,
            },
            TableData {
                name: "comparison-weekly".into(),
                caption: format!("Comparison by week: reviews completed so far and first court appearances, {then} and {now} (– : that release has no figure for the week)"),
                headers: headers(&[
                    "Week commencing".into(),
                    "ISO week".into(),
                    "Reviews completed so far, then".into(),
                    "Reviews completed so far, now".into(),
                    "First court appearances, then".into(),
                    "First court appearances, now".into(),
                ]),
                rows: weekly,
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::Filter;
    use crate::metadata::DatasetMeta;
    use crate::release::Release;
    use crate::sample;

    fn release(as_of: (i32, u32, u32)) -> (ReleaseName, Release) {
        let date = NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2).unwrap();
        let cases = sample::known_on(&sample::demo_cases(sample::DEMO_SEED), date);
        let meta = DatasetMeta { as_of: date, ..sample::demo_metadata() };
        (ReleaseName { id: format!("r{}", as_of.0), as_of: date }, Release::new(&cases, meta))
    }

    #[test]
    fn changes_come_from_two_shown_counts_only() {
        let shown = ComparedFigure { key: "records", label: "Cases".into(), then: Some(Cell::Shown(10)), now: Some(Cell::Shown(14)) };
        assert_eq!((shown.change(), shown.change_text().as_str()), (Some(4), "up 4"));
        let down = ComparedFigure { then: Some(Cell::Shown(1_500)), now: Some(Cell::Shown(3)), ..shown.clone() };
        assert_eq!(down.change_text(), "down 1,497");
        for (then, now) in [(Cell::Suppressed, Cell::Shown(14)), (Cell::Shown(14), Cell::Suppressed), (Cell::Suppressed, Cell::Suppressed)]
        {
            let hidden = ComparedFigure { then: Some(then), now: Some(now), ..shown.clone() };
            assert_eq!((hidden.change(), hidden.change_text().as_str()), (None, "[c]"));
        }
        let missing = ComparedFigure { then: None, ..shown };
        assert_eq!((missing.change(), missing.change_text().as_str()), (None, "not in both releases"));
    }

    #[test]
    fn two_snapshots_of_the_demo_compare_figure_by_figure() {
        let (then_name, then) = release((2023, 9, 30));
        let (now_name, now) = release((2024, 3, 31));
        let filter = Filter::default();
        let (f_then, f_now) = (then.figures(&filter), now.figures(&filter));
        let c = compare((&then_name, &f_then), (&now_name, &f_now));
        assert_eq!(between((&now_name, &f_now), (&then_name, &f_then)), c, "the earlier release is \"then\" whichever is shown");
        // Each figure is the release's own headline, and the change their difference (computed here from the figures).
        let records = c.figures.iter().find(|f| f.key == "records").unwrap();
        assert_eq!((records.then, records.now), (Some(f_then.records), Some(f_now.records)));
        let (Cell::Shown(a), Cell::Shown(b)) = (f_then.records, f_now.records) else { panic!("the demo's totals are shown") };
        assert_eq!(records.change(), Some(i64::from(b) - i64::from(a)));
        assert!(b > a, "cases were reported after September 2023");
        assert_eq!(c.commitments.len(), f_now.commitments.len());
        assert!(c.commitments.iter().all(|x| x.then.is_some() && x.now.is_some()));
        // Weeks: the union, in order; the later release's review series is longer.
        assert!(c.weeks.windows(2).all(|w| w[0].week_start < w[1].week_start));
        let then_weeks = c.weeks.iter().filter(|w| w.reviews[0].is_some()).count();
        assert_eq!(then_weeks, f_then.review.cumulative_by_week.len());
        assert_eq!(c.weeks.iter().filter(|w| w.court[1].is_some()).count(), f_now.court.weeks.len());
        // The tables: a captioned comparison with a row per figure and per commitment.
        let tables = c.tables();
        assert_eq!(tables[0].name, KEY);
        assert!(tables[0]
            .caption
            .starts_with("Comparison of the release as of 31 March 2024 (r2024) with the release as of 30 September 2023 (r2023)"));
        assert_eq!(tables[0].rows.len(), c.figures.len() + c.commitments.len());
        assert!(
            c.summary.contains(&format!(
                "Cases: up {} from {a_text} to {b_text}",
                thousands(b - a),
                a_text = thousands(a),
                b_text = thousands(b)
            )),
            "{}",
            c.summary
        );
    }

    #[test]
    fn small_selections_keep_hidden_counts_hidden_in_both() {
        let (then_name, then) = release((2023, 9, 30));
        let (now_name, now) = release((2024, 3, 31));
        // Narrow views (a few months of one category): some counts are [c] in one release or both.
        let mut hidden_seen = 0;
        for from in ["2023-04-01", "2023-06-01", "2023-08-01"] {
            for category in ["Violence", "Dishonesty", "Other"] {
                let (query, _) = crate::view::ViewQuery::from_pairs([("from", from), ("to", "2023-09-30"), ("category", category)]);
                let (f_then, f_now) = (then.figures(&query.filter), now.figures(&query.filter));
                let c = compare((&then_name, &f_then), (&now_name, &f_now));
                for f in &c.figures {
                    if f.then == Some(Cell::Suppressed) || f.now == Some(Cell::Suppressed) {
                        hidden_seen += 1;
                        assert_eq!((f.change(), f.change_text().as_str()), (None, "[c]"), "{from} {category}: {}", f.label);
                    }
                }
                let tables = c.tables();
                assert!(!tables[0].rows.iter().flatten().any(|cell| cell.contains("NaN")));
            }
        }
        assert!(hidden_seen > 0, "the narrow views hide some count");
    }
}

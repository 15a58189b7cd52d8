//! Turns disclosed figures into what the components show: rendered charts, table rows and
//! headline texts. Pure functions, tested natively; components only lay these out.

use crate::charts::{self, RenderedChart};
use crate::state::DataQuality;
use scrutiny_core::commitments::CommitmentStatus;
use scrutiny_core::disclose::thousands;
use scrutiny_core::figures::{day_figure, long_date, CategoryCell, Figures, WeekCell};
use scrutiny_core::report::Severity;
use scrutiny_core::view::TableData;

/// The review progress chart.
pub fn review_chart(f: &Figures, layout: charts::Layout) -> RenderedChart {
    charts::render(
        "review-progress",
        "Reviews completed (cumulative)",
        &f.review.summary,
        charts::review_progress::height,
        layout,
        |area, layout| charts::review_progress::draw(area, &f.review, layout),
    )
}

/// The court appearances chart.
pub fn court_chart(f: &Figures, layout: charts::Layout) -> RenderedChart {
    charts::render(
        "court-weekly",
        "First court appearances per week",
        &f.court.summary,
        charts::court_weekly::height,
        layout,
        |area, layout| charts::court_weekly::draw(area, &f.court, layout),
    )
}

/// The outcomes chart.
pub fn outcomes_chart(f: &Figures, layout: charts::Layout) -> RenderedChart {
    charts::render("outcomes", "Criminal and misconduct outcomes", &f.outcomes.summary, charts::outcomes::height, layout, |area, layout| {
        charts::outcomes::draw(area, &f.outcomes, layout)
    })
}

/// The repeat-reports chart.
pub fn repeat_chart(f: &Figures, layout: charts::Layout) -> RenderedChart {
    charts::render(
        "repeat-reports",
        "How earlier cases of repeat subjects ended",
        &f.repeat.summary,
        charts::repeat_reports::height,
        layout,
        |area, layout| charts::repeat_reports::draw(area, &f.repeat, layout),
    )
}

/// The headline title of the repeat-reports card.
pub fn repeat_headline(f: &Figures) -> String {
    match f.repeat.with_cases.first().map(|c| c.count) {
        Some(n) if n.value() != Some(0) => format!("{n} people were reported more than once"),
        _ => "People reported more than once".into(),
    }
}

/// The status of a commitment as a word with a symbol, so colour is never the only cue.
pub fn commitment_badge(status: CommitmentStatus) -> &'static str {
    match status {
        CommitmentStatus::Met => "✓ Met",
        CommitmentStatus::AtRisk => "! At risk",
        CommitmentStatus::Missed => "✗ Missed",
    }
}

/// Rows of a weekly table: week commencing, ISO week, count.
pub fn week_rows(weeks: &[WeekCell]) -> Vec<Vec<String>> {
    weeks.iter().map(|w| vec![w.label.clone(), w.iso_week.clone(), w.count.to_string()]).collect()
}

/// Rows of a category table: label, count.
pub fn category_rows(cells: &[CategoryCell]) -> Vec<Vec<String>> {
    cells.iter().map(|c| vec![c.label.clone(), c.count.to_string()]).collect()
}

/// The review's key figures as rows.
pub fn review_key_rows(f: &Figures) -> Vec<Vec<String>> {
    let mut rows = vec![
        vec!["Cases in the review".into(), f.review.in_review.to_string()],
        vec![format!("Completed by {}", long_date(f.as_of)), f.review.completed.to_string()],
    ];
    if let Some(target) = f.review.target {
        rows.push(vec![format!("Completed by the target date, {}", long_date(target)), f.review.completed_by_target.to_string()]);
    }
    rows
}

fn table(name: &str, caption: &str, headers: &[&str], rows: Vec<Vec<String>>) -> TableData {
    TableData { name: name.into(), caption: caption.into(), headers: headers.iter().map(|h| h.to_string()).collect(), rows }
}

/// Everything one chart card shows: the same disclosed figures in chart, tables, summary and download.
#[derive(Debug, Clone, PartialEq)]
pub struct CardSpec {
    /// Stable id (anchors, embed links, tests).
    pub id: &'static str,
    /// The finding, as a headline.
    pub title: String,
    /// What is counted, over what period.
    pub subtitle: &'static str,
    /// The chart, in the layout the screen shows.
    pub chart: RenderedChart,
    /// The plain-English summary.
    pub summary: String,
    /// The tables (the chart's accessible equivalent, and the CSV download).
    pub tables: Vec<TableData>,
    /// Definitions and caveats.
    pub about: &'static str,
}

impl CardSpec {
    /// Whether any table cell is suppressed (the card then explains `[c]`).
    pub fn has_suppressed(&self) -> bool {
        self.tables.iter().any(|t| t.rows.iter().any(|r| r.iter().any(|c| c == "[c]")))
    }
}

/// The chart cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardId {
    /// Review progress against the target.
    ReviewProgress,
    /// First court appearances per week.
    CourtWeekly,
    /// Criminal and misconduct outcomes.
    Outcomes,
    /// Days from report to outcome.
    TimeToOutcome,
    /// People reported more than once.
    RepeatReports,
    /// Sources of cases.
    Sources,
}

impl CardId {
    /// Every card, in page order.
    pub const ALL: [CardId; 6] =
        [CardId::ReviewProgress, CardId::CourtWeekly, CardId::Outcomes, CardId::TimeToOutcome, CardId::RepeatReports, CardId::Sources];

    /// The card's id in the page and in `?embed=` links.
    pub fn key(self) -> &'static str {
        match self {
            CardId::ReviewProgress => "review-progress",
            CardId::CourtWeekly => "court-weekly",
            CardId::Outcomes => "outcomes",
            CardId::TimeToOutcome => "time-to-outcome",
            CardId::RepeatReports => "repeat-reports",
            CardId::Sources => "sources",
        }
    }

    /// The card with id `key`.
    pub fn parse(key: &str) -> Option<CardId> {
        CardId::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The card `id` for figures `f`.
pub fn card(f: &Figures, id: CardId, layout: charts::Layout) -> CardSpec {
    match id {
        CardId::ReviewProgress => review_progress_card(f, layout),
        CardId::CourtWeekly => court_weekly_card(f, layout),
        CardId::Outcomes => outcomes_card(f, layout),
        CardId::TimeToOutcome => time_to_outcome_card(f, layout),
        CardId::RepeatReports => repeat_reports_card(f, layout),
        CardId::Sources => sources_card(f, layout),
    }
}

const WEEK_HEADERS: [&str; 3] = ["Week commencing", "ISO week", "Count"];

fn review_progress_card(f: &Figures, layout: charts::Layout) -> CardSpec {
    CardSpec {
        id: "review-progress",
        title: review_headline(f),
        subtitle: "Cumulative number of reviews completed at the end of each week, against all cases in the review",
        chart: review_chart(f, layout),
        summary: f.review.summary.clone(),
        tables: vec![
            table("review-key", "Review progress", &["Measure", "Cases"], review_key_rows(f)),
            table("review-weekly", "Reviews completed so far, by week", &WEEK_HEADERS, week_rows(&f.review.cumulative_by_week)),
        ],
        about: "Cases in the review are cases with any review status. A review counts as completed on its completion date. Weeks are ISO weeks (Monday to Sunday), labelled by their Monday. The target is the deadline of the published commitment. Filters apply to the date each case was reported.",
    }
}

fn court_weekly_card(f: &Figures, layout: charts::Layout) -> CardSpec {
    CardSpec {
        id: "court-weekly",
        title: court_headline(f),
        subtitle: "First court appearances of charged officers and staff per ISO week (Monday to Sunday), up to the as-of date",
        chart: court_chart(f, layout),
        summary: f.court.summary.clone(),
        tables: vec![
            table("court-weekly", "First court appearances by week", &WEEK_HEADERS, week_rows(&f.court.weeks)),
            table("court-groups", "First court appearances by offence group", &["Offence group", "Cases"], category_rows(&f.court.by_offence_group)),
        ],
        about: "A first court appearance is the first hearing date of a charged case. Weeks with none are shown as 0. Hearings after the as-of date are scheduled, not counted. The shaded band is the published commitment's expected range.",
    }
}

fn outcomes_card(f: &Figures, layout: charts::Layout) -> CardSpec {
    CardSpec {
        id: "outcomes",
        title: "How charged and misconduct cases ended".into(),
        subtitle: "Criminal outcome of charged cases, and misconduct outcome of cases with proceedings or an outcome; \"not recorded\" is shown, never counted as zero",
        chart: outcomes_chart(f, layout),
        summary: f.outcomes.summary.clone(),
        tables: vec![
            table("criminal-outcomes", "Criminal outcome of charged cases", &["Outcome", "Cases"], category_rows(&f.outcomes.criminal)),
            table("misconduct-outcomes", "Misconduct outcome", &["Outcome", "Cases"], category_rows(&f.outcomes.misconduct)),
        ],
        about: "Misconduct proceedings follow the Police (Conduct) Regulations 2020: a misconduct meeting for misconduct, a hearing for gross misconduct. \"Would have been dismissed\" is recorded when the person had already left. Pending cases have no outcome yet.",
    }
}

fn time_to_outcome_card(f: &Figures, layout: charts::Layout) -> CardSpec {
    CardSpec {
        id: "time-to-outcome",
        title: time_to_outcome_headline(f),
        subtitle: "Days from the report to the misconduct or criminal outcome, for cases with an outcome date: median and middle half (lower to upper quartile)",
        chart: time_to_outcome_chart(f, layout),
        summary: f.time_to_outcome.summary.clone(),
        tables: vec![table("time-to-outcome", "Days from report to outcome", &["Outcome", "Cases", "Lower quartile", "Median", "Upper quartile"], quartile_rows(f))],
        about: "Quartiles are computed over whole days with linear interpolation between ranks (type 7). They are not shown for fewer cases than the smallest count the release may show, since the median of one or two cases is a person's own figure. Cases still pending are not included, so recent periods look quicker than they will be.",
    }
}

fn repeat_reports_card(f: &Figures, layout: charts::Layout) -> CardSpec {
    CardSpec {
        id: "repeat-reports",
        title: repeat_headline(f),
        subtitle: "People (by pseudonym) with two or more cases, and how their cases before the latest one ended (misconduct outcome)",
        chart: repeat_chart(f, layout),
        summary: f.repeat.summary.clone(),
        tables: vec![
            table("repeat-people", "People with several cases", &["People", "Count"], category_rows(&f.repeat.with_cases)),
            table("repeat-outcomes", "How earlier cases of repeat subjects ended", &["Outcome", "Cases"], category_rows(&f.repeat.earlier_outcomes)),
        ],
        about: "People are counted by their pseudonymous reference, never by name. An earlier case is any case of a person before their latest case in the selection. This is the pattern the watchdog found in the Carrick case: earlier reports that each ended with no action.",
    }
}

fn sources_card(f: &Figures, layout: charts::Layout) -> CardSpec {
    CardSpec {
        id: "sources",
        title: sources_headline(f),
        subtitle: "Cases by how they came to light, and those about officers or staff serving in other forces",
        chart: sources_chart(f, layout),
        summary: f.sources.summary.clone(),
        tables: vec![table("sources", "Cases by source", &["Source", "Cases", "About other forces"], source_rows(f))],
        about: "The hotline takes reports about any force; reports about officers or staff serving elsewhere are passed to that force. \"not recorded\" counts cases with no source.",
    }
}

/// Every chart card, in page order.
pub fn cards(f: &Figures, layout: charts::Layout) -> Vec<CardSpec> {
    CardId::ALL.into_iter().map(|id| card(f, id, layout)).collect()
}

/// The time-to-outcome chart.
pub fn time_to_outcome_chart(f: &Figures, layout: charts::Layout) -> RenderedChart {
    charts::render(
        "time-to-outcome",
        "Days from report to outcome",
        &f.time_to_outcome.summary,
        charts::time_to_outcome::height,
        layout,
        |area, layout| charts::time_to_outcome::draw(area, &f.time_to_outcome, layout),
    )
}

/// The sources chart.
pub fn sources_chart(f: &Figures, layout: charts::Layout) -> RenderedChart {
    charts::render("sources", "Cases by source", &f.sources.summary, charts::sources::height, layout, |area, layout| {
        charts::sources::draw(area, &f.sources, layout)
    })
}

/// Rows of the time-to-outcome table.
pub fn quartile_rows(f: &Figures) -> Vec<Vec<String>> {
    let row = |kind: &str, q: &scrutiny_core::figures::QuartileFigures| {
        let days =
            |i: usize| q.days.map_or_else(|| if q.cases.value() == Some(0) { "–".into() } else { "[c]".into() }, |d| day_figure(d[i]));
        vec![kind.to_string(), q.cases.to_string(), days(0), days(1), days(2)]
    };
    vec![row("Misconduct", &f.time_to_outcome.misconduct), row("Criminal", &f.time_to_outcome.criminal)]
}

/// Rows of the sources table: source, all cases, cases about other forces.
pub fn source_rows(f: &Figures) -> Vec<Vec<String>> {
    f.sources
        .by_source
        .iter()
        .zip(&f.sources.other_force_by_source)
        .map(|(all, other)| vec![all.label.clone(), all.count.to_string(), other.count.to_string()])
        .collect()
}

/// The headline title of the time-to-outcome card.
pub fn time_to_outcome_headline(f: &Figures) -> String {
    match f.time_to_outcome.misconduct.days {
        Some([_, median, _]) => format!("Misconduct cases took a median of {} days to reach an outcome", day_figure(median)),
        None => "How long cases take to reach an outcome".into(),
    }
}

/// The headline title of the sources card.
pub fn sources_headline(f: &Figures) -> String {
    let get = |cells: &[CategoryCell]| cells.iter().find(|c| c.label == "Hotline").map(|c| c.count);
    match (get(&f.sources.by_source), get(&f.sources.other_force_by_source)) {
        (Some(all), Some(other)) if all.value().is_some_and(|n| n > 0) && other.value().is_some() => {
            format!("{other} of {all} hotline cases were about other forces")
        }
        _ => "Where cases came from".into(),
    }
}

/// Headline figures: (label, value) pairs for the row at the top of the page.
pub fn headline_figures(f: &Figures) -> Vec<(String, String, &'static str)> {
    let mut items = vec![
        ("Cases".to_string(), f.records.to_string(), "records"),
        ("People (pseudonymised)".to_string(), f.distinct_subjects.to_string(), "distinct-subjects"),
        ("Cases in the review".to_string(), f.review.in_review.to_string(), "in-review"),
    ];
    if let Some(target) = f.review.target {
        items.push((
            format!("Reviews completed by {}", long_date(target)),
            f.review.completed_by_target.to_string(),
            "completed-by-target",
        ));
    }
    items.push(("First court appearances".to_string(), f.court.total.to_string(), "court-total"));
    items
}

/// The headline title of the review card: states the finding.
pub fn review_headline(f: &Figures) -> String {
    match (f.review.target, f.review.completed_by_target.value(), f.review.in_review.value()) {
        (Some(target), Some(done), Some(all)) if all > 0 && done < all => {
            format!("{} of {} reviews were done by the {} target", f.review.completed_by_target, f.review.in_review, long_date(target))
        }
        (Some(_), Some(done), Some(all)) if all > 0 && done >= all => "Every review was completed by the target date".into(),
        _ => "Progress of the review of past cases".into(),
    }
}

/// The headline title of the court card.
pub fn court_headline(f: &Figures) -> String {
    match (f.court.total.value(), f.court.weeks.len()) {
        (Some(total), weeks) if weeks > 0 && total > 0 => {
            format!("{:.1} officers a week appeared in court on average", f64::from(total) / weeks as f64)
        }
        _ => "First court appearances per week".into(),
    }
}

/// How many problems the data-quality panel lists; the rest are counted, never dropped silently.
pub const MAX_LISTED_PROBLEMS: usize = 500;

/// The data-quality headline: rows loaded, left out, warned about, blank.
pub fn quality_summary(q: &DataQuality) -> String {
    let n = |v: usize| thousands(u32::try_from(v).unwrap_or(u32::MAX));
    format!(
        "{} rows loaded, {} left out, {} warnings, {} blank rows skipped.",
        n(q.loaded),
        n(q.rejected),
        n(q.warnings),
        n(q.blank_rows_skipped)
    )
}

/// The problems table: where, column, severity, message.
pub fn problems_table(q: &DataQuality) -> TableData {
    table("problems", "Problems found in the data file", &["Where", "Column", "Severity", "Message"], problem_rows(q))
}

/// Rows of the problems table: where, column, severity, message.
pub fn problem_rows(q: &DataQuality) -> Vec<Vec<String>> {
    q.problems
        .iter()
        .take(MAX_LISTED_PROBLEMS)
        .map(|p| {
            let severity = match p.severity {
                Severity::RowError => "Row left out",
                Severity::Warning => "Warning",
            };
            let safe = scrutiny_core::view::safe_text;
            vec![p.location.to_string(), safe(&p.column.clone().unwrap_or_default()), severity.into(), safe(&p.message)]
        })
        .collect()
}

/// "and 1,234 more" when the list is cut, with where to find the rest.
pub fn problems_not_listed(q: &DataQuality) -> Option<String> {
    let more = q.problems.len().saturating_sub(MAX_LISTED_PROBLEMS);
    (more > 0).then(|| {
        format!("{} more problems are not listed here. Run `scrutiny check` on the file for the full list.", thousands(more as u32))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::{compute_figures, sample};

    fn demo() -> Figures {
        compute_figures(&sample::demo_cases(sample::DEMO_SEED), &sample::demo_metadata())
    }

    #[test]
    fn every_chart_renders_in_both_layouts() {
        let f = demo();
        for layout in [charts::Layout::Wide, charts::Layout::Narrow] {
            let cards = cards(&f, layout);
            assert_eq!(cards.iter().map(|c| c.id).collect::<Vec<_>>(), CardId::ALL.map(CardId::key));
            for card in cards {
                assert_eq!((card.chart.layout, card.chart.size.0), (layout, layout.width()));
                let svg = card.chart.svg.unwrap();
                assert!(svg.contains("role=\"img\"") && svg.contains("<desc") && !svg.contains("NaN"), "{}", card.id);
                assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""), "a standalone SVG (download, PNG)");
                assert!(!card.summary.is_empty() && !card.tables.is_empty());
            }
        }
        assert_eq!(CardId::parse("court-weekly"), Some(CardId::CourtWeekly));
        assert_eq!(
            CardId::ALL.map(CardId::key),
            ["review-progress", "court-weekly", "outcomes", "time-to-outcome", "repeat-reports", "sources"]
        );
        assert!(CardId::parse("nope").is_none());
    }

    #[test]
    fn tables_show_the_disclosed_cells() {
        let f = demo();
        let rows = week_rows(&f.court.weeks);
        assert_eq!(rows.len(), f.court.weeks.len());
        for (row, week) in rows.iter().zip(&f.court.weeks) {
            assert_eq!(row[2], week.count.to_string());
        }
        assert!(review_headline(&f).contains(&f.review.completed_by_target.to_string()));
    }

    #[test]
    fn ten_years_of_dense_data_stay_within_a_few_thousand_svg_elements() {
        // Court weeks span 2012–2023 here (about 620 weeks): each chart must stay small enough
        // to draw and restyle quickly (issue 6, "large series").
        let cases = sample::dense_cases(20_000, 7);
        let f = compute_figures(&cases, &sample::demo_metadata());
        assert!(f.court.weeks.len() > 500, "a long weekly series: {}", f.court.weeks.len());
        for layout in [charts::Layout::Wide, charts::Layout::Narrow] {
            for card in cards(&f, layout) {
                let svg = card.chart.svg.unwrap();
                let elements = svg.matches('<').count() - svg.matches("</").count();
                assert!(elements < 3000, "{}: {elements} SVG elements", card.id);
            }
        }
    }
}

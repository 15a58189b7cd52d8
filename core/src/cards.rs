//! The chart cards, in page order, and each card's facts that need no drawing: its id, its
//! headline, its chart's title, subtitle, summary, tables and about text. The one list of
//! cards: the dashboard adds each chart's drawing to it (its chart registry matches on
//! [`CardId`]), and the CLI prints the summaries in this order.

use crate::dates::{iso_date, long_date};
use crate::figures::{whole_months, Breakdown, CategoryCell, Figures, QuartileFigures, ReviewProjection, WeekCell};
use crate::view::TableData;
use crate::words::{tr, tr_label, trf};

/// The chart cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardId {
    /// Review progress against the target.
    ReviewProgress,
    /// First court appearances per week.
    CourtWeekly,
    /// Criminal and misconduct outcomes.
    Outcomes,
    /// Criminal and misconduct outcomes by allegation category.
    OutcomesByCategory,
    /// Days from report to outcome.
    TimeToOutcome,
    /// People reported more than once.
    RepeatReports,
    /// Sources of cases.
    Sources,
}

impl CardId {
    /// Every card, in page order.
    pub const ALL: [CardId; 7] = [
        CardId::ReviewProgress,
        CardId::CourtWeekly,
        CardId::Outcomes,
        CardId::OutcomesByCategory,
        CardId::TimeToOutcome,
        CardId::RepeatReports,
        CardId::Sources,
    ];

    /// The card's facts.
    pub fn card(self) -> &'static Card {
        match self {
            CardId::ReviewProgress => &REVIEW_PROGRESS,
            CardId::CourtWeekly => &COURT_WEEKLY,
            CardId::Outcomes => &OUTCOMES,
            CardId::OutcomesByCategory => &OUTCOMES_BY_CATEGORY,
            CardId::TimeToOutcome => &TIME_TO_OUTCOME,
            CardId::RepeatReports => &REPEAT_REPORTS,
            CardId::Sources => &SOURCES,
        }
    }

    /// The card's id in the page and in `?embed=` links.
    pub fn key(self) -> &'static str {
        self.card().key
    }

    /// The card with id `key`.
    pub fn parse(key: &str) -> Option<CardId> {
        CardId::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// What one card says, for any figures: everything but how its chart is drawn.
#[derive(Debug)]
pub struct Card {
    /// Stable id: anchors, `?embed=` links, file names, tests.
    pub key: &'static str,
    /// The finding, as a headline (worded from the figures when they allow).
    pub title: fn(&Figures) -> String,
    /// The chart's own title (the SVG's `<title>`).
    pub chart_title: &'static str,
    /// What is counted, over what period.
    pub subtitle: &'static str,
    /// The plain-English summary (also the SVG's `<desc>`).
    pub summary: fn(&Figures) -> &str,
    /// The tables: the chart's accessible equivalent, and the CSV download. A table named
    /// like its card takes the card's key, so the id is spelt once.
    pub tables: fn(&Figures) -> Vec<TableData>,
    /// Definitions and caveats (with the events a time chart marks).
    pub about: fn(&Figures) -> String,
}

const REVIEW_PROGRESS: Card = Card {
    key: "review-progress",
    title: review_headline,
    chart_title: "Reviews completed (cumulative)",
    subtitle: "Cumulative number of reviews completed at the end of each week, against all cases in the review",
    summary: |f| &f.review.summary,
    tables: |f| {
        vec![
            table("review-key", "Review progress", &["Measure", "Cases"], review_key_rows(f)),
            table("review-weekly", "Reviews completed so far, by week", &WEEK_HEADERS, week_rows(&f.review.cumulative_by_week)),
        ]
        .into_iter()
        .chain(events_table("review-events", f))
        .collect()
    },
    about: |f| {
        with_events(
            "Cases in the review are cases with any review status. A review counts as completed on its completion date. Weeks are ISO weeks (Monday to Sunday), labelled by their Monday. The target is the deadline of the published commitment. The projected finish assumes the review goes on at the pace of the last 4 weeks up to the as-of date (completions in those weeks, divided by 4, a week): it is an assumption, not a forecast, and it is not shown where it would rest on a hidden count. Filters apply to the date each case was reported.",
            f,
        )
    },
};

const COURT_WEEKLY: Card = Card {
    key: "court-weekly",
    title: court_headline,
    chart_title: "First court appearances per week, by offence group",
    subtitle:
        "First court appearances of charged officers and staff per ISO week (Monday to Sunday), by offence group, up to the as-of date",
    summary: |f| &f.court.summary,
    tables: |f| {
        let weeks = &f.court.by_week_and_group;
        let mut headers = vec!["Week commencing", "ISO week"];
        headers.extend(weeks.columns.iter().map(String::as_str));
        headers.push("All groups");
        let rows = f
            .court
            .weeks
            .iter()
            .zip(&weeks.rows)
            .map(|(w, row)| {
                let mut cells = vec![w.label.clone(), w.iso_week.clone()];
                cells.extend(row.cells.iter().map(ToString::to_string));
                cells.push(w.count.to_string());
                cells
            })
            .collect();
        vec![
            table(COURT_WEEKLY.key, "First court appearances by week and offence group", &headers, rows),
            table(
                "court-groups",
                "First court appearances by offence group",
                &["Offence group", "Appearances"],
                category_rows(&f.court.by_offence_group),
            ),
        ]
        .into_iter()
        .chain(events_table("court-events", f))
        .collect()
    },
    about: |f| {
        let band = match f.court.expected_from {
            Some(from) => trf(
                "The shaded band is the published commitment's expected range, from {}, when the commitment applies.",
                &[&long_date(from)],
            ),
            None => tr("The shaded band is the published commitment's expected range.").into(),
        };
        with_events(
            &trf("A first court appearance is the first hearing date of a charged case: the chart counts appearances (cases), not people. Weeks with none are shown as 0. Hearings after the as-of date are scheduled, not counted. Each bar is split by offence group where the split can be shown; where a group's count for the week would give a small count away, that part of the bar is grey and labelled as not shown by group. {}", &[&band]),
            f,
        )
    },
};

const OUTCOMES: Card = Card {
    key: "outcomes",
    title: |_| tr("How charged and misconduct cases ended").into(),
    chart_title: "Criminal and misconduct outcomes",
    subtitle: "Criminal outcome of charged cases, and misconduct outcome of cases with proceedings or an outcome; \"not recorded\" is shown, never counted as zero",
    summary: |f| &f.outcomes.summary,
    tables: |f| {
        vec![
            table("criminal-outcomes", "Criminal outcome of charged cases", &["Outcome", "Cases"], category_rows(&f.outcomes.criminal)),
            table("misconduct-outcomes", "Misconduct outcome", &["Outcome", "Cases"], category_rows(&f.outcomes.misconduct)),
        ]
        .into_iter()
        .chain(category_tables(f, ""))
        .collect()
    },
    about: |_| tr("Misconduct proceedings follow the Police (Conduct) Regulations 2020: a misconduct meeting for misconduct, a hearing for gross misconduct. \"Would have been dismissed\" is recorded when the person had already left. Pending cases have no outcome yet. By allegation category, a cell is [c] where it is small, or where it could be worked out from its row's or its column's total and the cells shown.").into(),
};

const OUTCOMES_BY_CATEGORY: Card = Card {
    key: "outcomes-by-category",
    title: |_| tr("How cases ended, by allegation category").into(),
    chart_title: "Outcomes by allegation category",
    subtitle: "Criminal outcome of charged cases, and misconduct outcome of misconduct cases, for each allegation category; each cell shaded by its share of the category",
    summary: |f| &f.outcomes.by_category_summary,
    tables: |f| category_tables(f, "by-category-"),
    about: |_| tr("Categories are the allegation category recorded for each case. A cell's shade is its share of the category's cases (the row), so categories of different sizes compare; the number is always written. A cell is [c] where it is small, or where it could be worked out from its row's or its column's total and the cells shown, so some larger counts are hidden too. \"Withheld\" counts cases whose category the release withholds to protect small groups.").into(),
};

/// The outcomes by allegation category, categories as rows (the outcomes card lists them
/// too, beside the outcomes they split; each card's copy is named with its `prefix`, so no
/// two tables of the page share a name).
fn category_tables(f: &Figures, prefix: &str) -> Vec<TableData> {
    vec![
        breakdown_table(
            &format!("{prefix}criminal-by-category"),
            "Criminal outcome of charged cases, by allegation category",
            "Charged cases",
            &f.outcomes.criminal_by_category,
        ),
        breakdown_table(
            &format!("{prefix}misconduct-by-category"),
            "Misconduct outcome, by allegation category",
            "Misconduct cases",
            &f.outcomes.misconduct_by_category,
        ),
    ]
}

const TIME_TO_OUTCOME: Card = Card {
    key: "time-to-outcome",
    title: time_to_outcome_headline,
    chart_title: "Months from report to outcome",
    subtitle: "Calendar months from the month reported to the month of the misconduct or criminal outcome, for cases with an outcome date: median and middle half (lower to upper quartile)",
    summary: |f| &f.time_to_outcome.summary,
    tables: |f| {
        let headers = ["Outcome", "Cases", "Lower quartile", "Median", "Upper quartile"];
        vec![table(TIME_TO_OUTCOME.key, "Months from report to outcome", &headers, quartile_rows(f))]
    },
    about: |_| tr("Times are whole calendar months (outcome month minus reported month: a public release dates reports and outcomes to the month), with quartiles interpolated between ranks (type 7) and shown to the nearest whole month (halves rounded up), as people count them. Cases whose reported date is published only to a quarter or a year are left out. Quartiles are not shown for fewer than 10 cases (or the smallest count the release may show, if larger), since the quartiles of a few cases are those cases' own times. Cases still pending are not included, so recent periods look quicker than they will be.").into(),
};

const REPEAT_REPORTS: Card = Card {
    key: "repeat-reports",
    title: repeat_headline,
    chart_title: "How earlier cases of repeat subjects ended",
    subtitle: "People with two or more cases, and how their cases before the latest one ended (misconduct outcome)",
    summary: |f| &f.repeat.summary,
    tables: |f| {
        vec![
            table(
                "repeat-people",
                "People with several cases, by how many",
                &["People with", "Count"],
                category_rows(&f.repeat.with_cases),
            ),
            table(
                "repeat-outcomes",
                "How earlier cases of repeat subjects ended",
                &["Outcome", "Cases"],
                category_rows(&f.repeat.earlier_outcomes),
            ),
        ]
    },
    about: |_| {
        tr("People are never named: a public release carries no pseudonym, only, on each person's latest case, how many cases they have, and on each earlier case that it is an earlier one. A person is counted in a view at their latest case, with all their cases in the release; an earlier case is counted where it falls. This is the pattern the watchdog found in the Carrick case: earlier reports that each ended with no action.").into()
    },
};

const SOURCES: Card = Card {
    key: "sources",
    title: sources_headline,
    chart_title: "Cases by source",
    subtitle: "Cases by how they came to light, and those about officers or staff serving in other forces",
    summary: |f| &f.sources.summary,
    tables: |f| vec![table(SOURCES.key, "Cases by source", &["Source", "Cases", "About other forces"], source_rows(f))],
    about: |_| {
        tr("The hotline takes reports about any force; reports about officers or staff serving elsewhere are passed to that force. \"not recorded\" counts cases with no source.").into()
    },
};

const WEEK_HEADERS: [&str; 3] = ["Week commencing", "ISO week", "Count"];

/// A table, its caption and headers in the page's language (headers can be data labels: an
/// offence group, an outcome).
fn table(name: &str, caption: &str, headers: &[&str], rows: Vec<Vec<String>>) -> TableData {
    TableData { name: name.into(), caption: tr_label(caption), headers: headers.iter().map(|h| tr_label(h)).collect(), rows }
}

/// A two-way table with its rows' labels first, then each row's total, then its cells.
fn breakdown_table(name: &str, caption: &str, total: &str, b: &Breakdown) -> TableData {
    let mut headers = vec!["Allegation category", total];
    headers.extend(b.columns.iter().map(String::as_str));
    let rows = b
        .rows
        .iter()
        .map(|r| [tr_label(&r.label), r.total.to_string()].into_iter().chain(r.cells.iter().map(ToString::to_string)).collect())
        .collect();
    table(name, caption, &headers, rows)
}

/// The events a time chart marks, as a table (none when the release marks none).
fn events_table(name: &str, f: &Figures) -> Option<TableData> {
    let rows: Vec<Vec<String>> = f.annotations.iter().map(|a| vec![long_date(a.date), iso_date(a.date), a.label.clone()]).collect();
    (!rows.is_empty()).then(|| table(name, "Events marked on the chart", &["Date", "ISO date", "Event"], rows))
}

/// `about`, then the events the chart marks, in words.
fn with_events(about: &str, f: &Figures) -> String {
    if f.annotations.is_empty() {
        return about.to_string();
    }
    let events: Vec<String> = f.annotations.iter().map(|a| format!("{}: {}", long_date(a.date), a.label)).collect();
    trf("{} Events marked on the chart (from the release's dataset.json): {}.", &[&about, &events.join("; ")])
}

/// Rows of a weekly table: week commencing, ISO week, count.
pub fn week_rows(weeks: &[WeekCell]) -> Vec<Vec<String>> {
    weeks.iter().map(|w| vec![w.label.clone(), w.iso_week.clone(), w.count.to_string()]).collect()
}

/// Rows of a category table: label, count.
pub fn category_rows(cells: &[CategoryCell]) -> Vec<Vec<String>> {
    cells.iter().map(|c| vec![tr_label(&c.label), c.count.to_string()]).collect()
}

/// The review's key figures as rows.
pub fn review_key_rows(f: &Figures) -> Vec<Vec<String>> {
    let mut rows = vec![
        vec![tr("Cases in the review").into(), f.review.in_review.to_string()],
        vec![trf("Completed by {}", &[&long_date(f.as_of)]), f.review.completed.to_string()],
    ];
    if let Some(target) = f.review.target {
        rows.push(vec![trf("Completed by the target date, {}", &[&long_date(target)]), f.review.completed_by_target.to_string()]);
    }
    let projected = match f.review.projection {
        ReviewProjection::OnTrack { date, .. } => Some(long_date(date)),
        ReviewProjection::NotOnTrack => Some("Not on track at this pace".into()),
        ReviewProjection::NotShown => Some("[c]".into()),
        ReviewProjection::Complete | ReviewProjection::NoReview => None,
    };
    if let Some(projected) = projected {
        rows.push(vec![tr("Projected finish at the pace of the last 4 weeks").into(), projected]);
    }
    rows
}

/// Rows of the time-to-outcome table.
pub fn quartile_rows(f: &Figures) -> Vec<Vec<String>> {
    let row = |kind: &str, q: &QuartileFigures| {
        let months =
            |i: usize| q.months.map_or_else(|| if q.cases.value() == Some(0) { "–".into() } else { "[c]".into() }, |d| whole_months(d[i]));
        vec![tr_label(kind), q.cases.to_string(), months(0), months(1), months(2)]
    };
    vec![row("Misconduct", &f.time_to_outcome.misconduct), row("Criminal", &f.time_to_outcome.criminal)]
}

/// Rows of the sources table: source, all cases, cases about other forces.
pub fn source_rows(f: &Figures) -> Vec<Vec<String>> {
    f.sources
        .by_source
        .iter()
        .zip(&f.sources.other_force_by_source)
        .map(|(all, other)| vec![tr_label(&all.label), all.count.to_string(), other.count.to_string()])
        .collect()
}

/// The headline title of the review card: states the finding.
pub fn review_headline(f: &Figures) -> String {
    match (f.review.target, f.review.completed_by_target.value(), f.review.in_review.value()) {
        (Some(target), Some(done), Some(all)) if all > 0 && done < all => {
            trf("{} of {} reviews were done by the {} target", &[&f.review.completed_by_target, &f.review.in_review, &long_date(target)])
        }
        (Some(_), Some(done), Some(all)) if all > 0 && done >= all => tr("Every review was completed by the target date").into(),
        _ => tr("Progress of the review of past cases").into(),
    }
}

/// The headline title of the court card.
pub fn court_headline(f: &Figures) -> String {
    match (f.court.total.value(), f.court.weeks.len()) {
        (Some(total), weeks) if weeks > 0 && total > 0 => {
            trf("{} first court appearances a week on average", &[&format!("{:.1}", f64::from(total) / weeks as f64)])
        }
        _ => tr("First court appearances per week").into(),
    }
}

/// The headline title of the time-to-outcome card.
pub fn time_to_outcome_headline(f: &Figures) -> String {
    match f.time_to_outcome.misconduct.months {
        Some([_, median, _]) => trf("Misconduct cases took a median of {} months to reach an outcome", &[&whole_months(median)]),
        None => tr("How long cases take to reach an outcome").into(),
    }
}

/// The headline title of the repeat-reports card.
pub fn repeat_headline(f: &Figures) -> String {
    match f.repeat.repeat_subjects {
        n if n.value() != Some(0) => trf("{} people were reported more than once", &[&n]),
        _ => tr("People reported more than once").into(),
    }
}

/// The headline title of the sources card.
pub fn sources_headline(f: &Figures) -> String {
    let get = |cells: &[CategoryCell]| cells.iter().find(|c| c.label == "Hotline").map(|c| c.count);
    match (get(&f.sources.by_source), get(&f.sources.other_force_by_source)) {
        (Some(all), Some(other)) if all.value().is_some_and(|n| n > 0) && other.value().is_some() => {
            trf("{} of {} hotline cases were about other forces", &[&other, &all])
        }
        _ => tr("Where cases came from").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    fn demo() -> Figures {
        crate::release::compute_figures(&sample::demo_cases(sample::DEMO_SEED), &sample::demo_metadata())
    }

    #[test]
    fn cards_have_their_ids_in_page_order() {
        assert_eq!(CardId::parse("court-weekly"), Some(CardId::CourtWeekly));
        assert_eq!(
            CardId::ALL.map(CardId::key),
            ["review-progress", "court-weekly", "outcomes", "outcomes-by-category", "time-to-outcome", "repeat-reports", "sources"]
        );
        assert!(CardId::parse("nope").is_none());
        for id in CardId::ALL {
            assert_eq!(CardId::parse(id.key()), Some(id));
        }
    }

    #[test]
    fn every_card_has_a_summary_and_tables_with_a_cell_per_header() {
        let f = demo();
        for id in CardId::ALL {
            let card = id.card();
            assert!(!(card.summary)(&f).is_empty() && !(card.title)(&f).is_empty(), "{}", card.key);
            let tables = (card.tables)(&f);
            assert!(!tables.is_empty(), "{}", card.key);
            for t in tables {
                assert!(t.rows.iter().all(|r| r.len() == t.headers.len()), "{}: {}", card.key, t.name);
            }
        }
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
}

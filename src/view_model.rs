//! Turns disclosed figures into what the components show: rendered charts, table rows and
//! headline texts. Pure functions, tested natively; components only lay these out.

use crate::charts::{self, RenderedChart};
use crate::components::count_table::TableRow;
use crate::state::DataQuality;
use scrutiny_core::commitments::CommitmentStatus;
use scrutiny_core::disclose::thousands;
use scrutiny_core::figures::{long_date, CategoryCell, Figures, WeekCell};
use scrutiny_core::report::Severity;

/// The review progress chart.
pub fn review_chart(f: &Figures) -> RenderedChart {
    charts::render_both(
        "review-progress",
        "Reviews completed (cumulative)",
        &f.review.summary,
        charts::review_progress::height,
        |area, layout| charts::review_progress::draw(area, &f.review, layout),
    )
}

/// The court appearances chart.
pub fn court_chart(f: &Figures) -> RenderedChart {
    charts::render_both(
        "court-weekly",
        "First court appearances per week",
        &f.court.summary,
        charts::court_weekly::height,
        |area, layout| charts::court_weekly::draw(area, &f.court, layout),
    )
}

/// The outcomes chart.
pub fn outcomes_chart(f: &Figures) -> RenderedChart {
    charts::render_both("outcomes", "Criminal and misconduct outcomes", &f.outcomes.summary, charts::outcomes::height, |area, layout| {
        charts::outcomes::draw(area, &f.outcomes, layout)
    })
}

/// The repeat-reports chart.
pub fn repeat_chart(f: &Figures) -> RenderedChart {
    charts::render_both(
        "repeat-reports",
        "How earlier cases of repeat subjects ended",
        &f.repeat.summary,
        charts::repeat_reports::height,
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
pub fn week_rows(weeks: &[WeekCell]) -> Vec<TableRow> {
    weeks.iter().map(|w| TableRow { label: w.label.clone(), values: vec![w.iso_week.clone(), w.count.to_string()] }).collect()
}

/// Rows of a category table: label, count.
pub fn category_rows(cells: &[CategoryCell]) -> Vec<TableRow> {
    cells.iter().map(|c| TableRow { label: c.label.clone(), values: vec![c.count.to_string()] }).collect()
}

/// The review's key figures as rows.
pub fn review_key_rows(f: &Figures) -> Vec<TableRow> {
    let mut rows = vec![
        TableRow { label: "Cases in the review".into(), values: vec![f.review.in_review.to_string()] },
        TableRow { label: format!("Completed by {}", long_date(f.as_of)), values: vec![f.review.completed.to_string()] },
    ];
    if let Some(target) = f.review.target {
        rows.push(TableRow {
            label: format!("Completed by the target date, {}", long_date(target)),
            values: vec![f.review.completed_by_target.to_string()],
        });
    }
    rows
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

/// Rows of the problems table: where, column, severity, message.
pub fn problem_rows(q: &DataQuality) -> Vec<TableRow> {
    q.problems
        .iter()
        .take(MAX_LISTED_PROBLEMS)
        .map(|p| {
            let severity = match p.severity {
                Severity::RowError => "Row left out",
                Severity::Warning => "Warning",
            };
            TableRow {
                label: p.location.to_string(),
                values: vec![p.column.clone().unwrap_or_default(), severity.into(), p.message.clone()],
            }
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
        for chart in [review_chart(&f), court_chart(&f), outcomes_chart(&f), repeat_chart(&f)] {
            for svg in [chart.wide.unwrap(), chart.narrow.unwrap()] {
                assert!(svg.contains("role=\"img\"") && svg.contains("<desc") && !svg.contains("NaN"));
            }
        }
    }

    #[test]
    fn tables_show_the_disclosed_cells() {
        let f = demo();
        let rows = week_rows(&f.court.weeks);
        assert_eq!(rows.len(), f.court.weeks.len());
        for (row, week) in rows.iter().zip(&f.court.weeks) {
            assert_eq!(row.values[1], week.count.to_string());
        }
        assert!(review_headline(&f).contains(&f.review.completed_by_target.to_string()));
    }
}

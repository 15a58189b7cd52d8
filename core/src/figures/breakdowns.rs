//! Figures split two ways (court appearances by week and offence group, outcomes by
//! allegation category), disclosed as grids so that no row or column gives a hidden cell away,
//! and the review's projected finish, stated only when it follows from shown counts.

use crate::aggregate::{Category, Projection};
use crate::disclose::{disclose_grid, disclose_within, Cell};
use crate::words::{tr, tr_label, trf};
use chrono::NaiveDate;
use serde::Serialize;

/// One row of a two-way table: its label, its total and a cell per column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreakdownRow {
    /// The row's label (an allegation category, a week's label).
    pub label: String,
    /// The row's total, as shown elsewhere (or `[c]`).
    pub total: Cell,
    /// One cell per column, in column order.
    pub cells: Vec<Cell>,
}

/// A two-way table of disclosed counts: every row and every column is protected against
/// working a hidden cell out from its total ([`disclose_grid`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Breakdown {
    /// The columns' labels (offence groups, outcomes), "not recorded" last where it is one.
    pub columns: Vec<String>,
    /// Each column's total, as shown elsewhere.
    pub column_totals: Vec<Cell>,
    /// The rows, in order.
    pub rows: Vec<BreakdownRow>,
}

impl ReviewProjection {
    /// Reviews completed a week at the pace the projection assumes.
    pub fn per_week(self) -> Option<f64> {
        match self {
            ReviewProjection::OnTrack { completed_last_4_weeks, .. } => Some(f64::from(completed_last_4_weeks) / 4.0),
            _ => None,
        }
    }
}

impl Breakdown {
    /// The table of `rows` (label, then a count per column) whose column totals are shown as
    /// `column_totals`, and whose row totals are parts of `grand_total`.
    pub(super) fn disclose(
        columns: Vec<String>,
        column_totals: Vec<Cell>,
        rows: &[(String, Vec<u32>)],
        grand_total: Cell,
        min: u32,
    ) -> Breakdown {
        let sums: Vec<u32> = rows.iter().map(|(_, counts)| counts.iter().sum()).collect();
        let row_totals = disclose_within(grand_total, &sums, min);
        Self::disclose_with_row_totals(columns, column_totals, rows, &row_totals, min)
    }

    /// The same table with the row totals given (already disclosed, as the weekly series is).
    pub(super) fn disclose_with_row_totals(
        columns: Vec<String>,
        column_totals: Vec<Cell>,
        rows: &[(String, Vec<u32>)],
        row_totals: &[Cell],
        min: u32,
    ) -> Breakdown {
        let grid: Vec<Vec<u32>> = rows.iter().map(|(_, counts)| counts.clone()).collect();
        let cells = disclose_grid(&grid, row_totals, &column_totals, min);
        let rows = rows
            .iter()
            .zip(row_totals)
            .zip(cells)
            .map(|(((label, _), total), cells)| BreakdownRow { label: label.clone(), total: *total, cells })
            .collect();
        Breakdown { columns, column_totals, rows }
    }

    /// Whether any cell of the table is shown as a non-zero count.
    pub fn shows_any(&self) -> bool {
        self.rows.iter().flat_map(|r| &r.cells).any(|c| c.value().is_some_and(|n| n > 0))
    }
}

/// "Sexual offence: of 655 misconduct cases with a final outcome, 63% ended with no case to
/// answer or no further action. …", for each category whose cells allow it (every part of
/// the share shown), then the criminal outcomes likewise (convictions of charged cases).
pub(super) fn by_category_summary(f: &super::OutcomeFigures) -> String {
    let mut parts = Vec::new();
    let misconduct = &f.misconduct_by_category;
    let column = |b: &Breakdown, label: &str| b.columns.iter().position(|c| c == label);
    let columns = ["Pending", crate::aggregate::NOT_RECORDED, "No case to answer", "No further action"].map(|l| column(misconduct, l));
    for row in &misconduct.rows {
        let value = |at: Option<usize>| at.map_or(Some(0), |i| row.cells.get(i).and_then(|c| c.value()));
        let (Some(total), [Some(pending), Some(unknown), Some(nca), Some(nfa)]) = (row.total.value(), columns.map(value)) else { continue };
        let finished = total.saturating_sub(pending + unknown);
        if finished == 0 {
            continue;
        }
        let share = (f64::from(nca + nfa) * 100.0 / f64::from(finished)).round();
        parts.push(trf(
            "{}: of {} misconduct cases with a final outcome, {}% ended with no case to answer or no further action.",
            &[&tr_label(&row.label), &crate::disclose::thousands(finished), &share],
        ));
    }
    let convicted = column(&f.criminal_by_category, "Convicted");
    for row in &f.criminal_by_category.rows {
        let (Some(total), Some(Some(n))) =
            (row.total.value().filter(|t| *t > 0), convicted.map(|i| row.cells.get(i).and_then(|c| c.value())))
        else {
            continue;
        };
        parts
            .push(trf("{}: {} of {} charged cases ended in conviction.", &[&tr_label(&row.label), &n, &crate::disclose::thousands(total)]));
    }
    if parts.is_empty() {
        return tr("Outcomes by allegation category cannot be shown for this selection without giving away small counts.").into();
    }
    parts.join(" ")
}

/// The rows of `by_category` (category, then a count per value) and their columns' labels.
pub(super) fn category_rows(by_category: &[(String, Vec<Category>)]) -> (Vec<String>, Vec<(String, Vec<u32>)>) {
    let columns = by_category.first().map(|(_, cells)| cells.iter().map(|c| c.label.clone()).collect()).unwrap_or_default();
    let rows = by_category.iter().map(|(label, cells)| (label.clone(), cells.iter().map(|c| c.count).collect())).collect();
    (columns, rows)
}

/// The review's projected finish at the pace of the last four weeks, as the page may state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ReviewProjection {
    /// Nothing is in the review.
    NoReview,
    /// Every review is complete.
    Complete,
    /// At the recent pace the last review would be completed on `date`.
    OnTrack {
        /// The projected finish.
        date: NaiveDate,
        /// Reviews completed in the last four weeks (the pace the date assumes).
        completed_last_4_weeks: u32,
    },
    /// No review was completed in the last four weeks: at this pace the review never ends.
    NotOnTrack,
    /// The projection would rest on a hidden count (the recent completions, or what remains).
    NotShown,
}

/// The projection of `projection`, stated only when it follows from counts already shown:
/// the cumulative completions now and four weeks before (`weeks`, as disclosed), and the cases
/// in the review and completed. Otherwise a projected date would give a hidden count away.
pub(super) fn review_projection(projection: Projection, weeks: &[Cell], in_review: Cell, completed: Cell) -> ReviewProjection {
    match projection {
        Projection::NoReview => ReviewProjection::NoReview,
        Projection::Complete if completed == in_review => ReviewProjection::Complete,
        Projection::Complete => ReviewProjection::NotShown,
        Projection::OnTrack { .. } | Projection::NotOnTrack => {
            let now = weeks.last().copied().unwrap_or(Cell::Shown(0));
            let before = weeks.len().checked_sub(5).map_or(Cell::Shown(0), |i| weeks[i]);
            let shown = [now, before, in_review, completed].iter().all(|c| !c.is_suppressed());
            match projection {
                _ if !shown => ReviewProjection::NotShown,
                Projection::OnTrack { date, completed_last_4_weeks } => ReviewProjection::OnTrack { date, completed_last_4_weeks },
                _ => ReviewProjection::NotOnTrack,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_projection_is_stated_only_from_shown_counts() {
        let date = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default();
        let on_track = Projection::OnTrack { date, completed_last_4_weeks: 20 };
        let weeks: Vec<Cell> = [100, 110, 120, 130, 140, 150].map(Cell::Shown).to_vec();
        assert_eq!(
            review_projection(on_track, &weeks, Cell::Shown(300), Cell::Shown(150)),
            ReviewProjection::OnTrack { date, completed_last_4_weeks: 20 }
        );
        let mut hidden_before = weeks.clone();
        hidden_before[1] = Cell::Suppressed;
        assert_eq!(review_projection(on_track, &hidden_before, Cell::Shown(300), Cell::Shown(150)), ReviewProjection::NotShown);
        assert_eq!(review_projection(Projection::NotOnTrack, &weeks, Cell::Shown(300), Cell::Shown(150)), ReviewProjection::NotOnTrack);
        assert_eq!(review_projection(Projection::NoReview, &[], Cell::Shown(0), Cell::Shown(0)), ReviewProjection::NoReview);
    }

    #[test]
    fn a_breakdown_keeps_its_rows_and_columns_in_order() {
        let rows = vec![("Violence".to_string(), vec![5, 4, 10]), ("Other".to_string(), vec![1, 6, 3])];
        let totals = vec![Cell::Shown(6), Cell::Shown(10), Cell::Shown(13)];
        let b = Breakdown::disclose(vec!["A".into(), "B".into(), "C".into()], totals, &rows, Cell::Shown(29), 3);
        assert_eq!(b.rows[0].label, "Violence");
        assert_eq!(b.rows[0].total, Cell::Shown(19));
        assert_eq!(b.rows[1].cells, [Cell::Suppressed, Cell::Shown(6), Cell::Suppressed], "1 is small, and 3 would give it away");
        assert_eq!(b.rows[0].cells, [Cell::Suppressed, Cell::Shown(4), Cell::Suppressed], "as would the columns' totals");
        assert!(b.shows_any());
    }
}

//! Counts related to one another, disclosed together: a total and its parts shown in two
//! places, nested counts, and running totals. Each function here discloses one such family
//! as a whole, so that no two shown counts of it subtract to a count from 1 to
//! `min_cell_count - 1`; the figures, the `summary --disclosed` document and the commitments'
//! evidence all read these cells, so they agree.

use crate::aggregate::Aggregates;
use crate::disclose::{disclose, disclose_cumulative, disclose_parts, disclose_within, Cell};
use chrono::NaiveDate;

/// The people counts, disclosed as one table: each case is either a person's latest (a person
/// with 1, 2, 3, or 4 or more cases) or an earlier case, so those five counts are parts of the
/// records. Disclosing them together means no two shown figures (people and records, 2 or more
/// and 3 or more) subtract to a small count.
pub struct PeopleCells {
    /// People (records minus earlier cases).
    pub distinct: Cell,
    /// People with two or more cases.
    pub repeat: Cell,
    /// People with three or more cases.
    pub three_or_more: Cell,
    /// People with exactly 1, 2, 3, and 4 or more cases.
    pub bands: [Cell; 4],
    /// Earlier cases of repeat subjects.
    pub earlier: Cell,
}

/// See [`PeopleCells`].
pub fn people_cells(a: &Aggregates, min: u32) -> PeopleCells {
    let (two_plus, three_plus, four_plus) =
        (a.subjects_with_2_or_more_cases, a.subjects_with_3_or_more_cases, a.subjects_with_4_or_more_cases);
    let parts = [
        a.distinct_subjects.saturating_sub(two_plus),
        two_plus.saturating_sub(three_plus),
        three_plus.saturating_sub(four_plus),
        four_plus,
        a.earlier_cases_of_repeat_subjects,
    ];
    let cells = disclose_parts(&parts, min);
    let sum = |inside: std::ops::Range<usize>| sum_of_parts(&parts, &cells, inside, min);
    PeopleCells {
        distinct: sum(0..4),
        repeat: sum(1..4),
        three_or_more: sum(2..4),
        bands: [cells[0], cells[1], cells[2], cells[3]],
        earlier: cells[4],
    }
}

/// The review's counts, disclosed as one table: the records are not started, in progress,
/// completed and not in review; "in review" is the first three, shown only when it cannot be
/// subtracted from the records to give a hidden count.
pub struct ReviewCells {
    /// Cases in review.
    pub in_review: Cell,
    /// Not started, in progress, completed, not in review.
    pub status: Vec<Cell>,
}

/// See [`ReviewCells`].
pub fn review_cells(a: &Aggregates, min: u32) -> ReviewCells {
    let counts: Vec<u32> = a.review.status.iter().map(|c| c.count).collect();
    let status = disclose_parts(&counts, min);
    // Not started, in progress and completed: every status but "not in review".
    let in_review = sum_of_parts(&counts, &status, 0..counts.len().saturating_sub(1), min);
    ReviewCells { in_review, status }
}

/// The sum of the parts `inside` of a table disclosed as `cells`: shown when every part in it
/// is shown, or when the total and every part outside it are (then it is the shown total minus
/// shown parts anyway); otherwise hidden, and hidden when small.
fn sum_of_parts(parts: &[u32], cells: &[Cell], inside: std::ops::Range<usize>, min: u32) -> Cell {
    let shown = |i: usize| !cells[i].is_suppressed();
    let total_shown = !disclose(parts.iter().sum(), min).is_suppressed();
    let all_inside = inside.clone().all(shown);
    let all_outside = total_shown && (0..parts.len()).filter(|i| !inside.contains(i)).all(shown);
    if all_inside || all_outside {
        disclose(parts[inside].iter().sum(), min)
    } else {
        Cell::Suppressed
    }
}

/// The review's running totals as shown: completions so far at the end of each week, of each
/// month, and at the deadline.
pub struct ReviewRunningTotal {
    /// By week (its Monday).
    pub weeks: Vec<(NaiveDate, Cell)>,
    /// By month (its first day).
    pub months: Vec<(NaiveDate, Cell)>,
    /// By the deadline.
    pub by_target: Cell,
}

/// Which series a point of the running total belongs to.
#[derive(Clone, Copy)]
enum Point {
    Target,
    Week(NaiveDate),
    Month(NaiveDate),
}

/// The cumulative completions at the end of each week, each month and at the deadline,
/// disclosed as one running total ending at the completed count (see
/// [`disclose_cumulative`]): any two shown points, of any series, differ by 0 or by at least
/// `min` completions.
pub fn review_running_total(a: &Aggregates, completed: Cell, as_of: NaiveDate, min: u32) -> ReviewRunningTotal {
    let r = &a.review;
    let week_end = |monday: NaiveDate| (monday + chrono::Duration::days(6)).min(as_of);
    let month_end =
        |first: NaiveDate| first.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first).min(as_of);
    // The weeks and the months are each in time order: merged, then the deadline put before
    // the points of its own day (a merge, not a sort: the page carries no sort for this).
    let weeks: Vec<(NaiveDate, Point, u32)> = r.cumulative_by_week.iter().map(|&(w, n)| (week_end(w), Point::Week(w), n)).collect();
    let months: Vec<(NaiveDate, Point, u32)> = r.cumulative_by_month.iter().map(|&(m, n)| (month_end(m), Point::Month(m), n)).collect();
    let mut points = Vec::with_capacity(weeks.len() + months.len() + 1);
    let (mut w, mut m) = (weeks.iter().peekable(), months.iter().peekable());
    while let Some(next) = match (w.peek(), m.peek()) {
        (Some(a), Some(b)) if b.0 < a.0 => m.next(),
        (Some(_), _) => w.next(),
        (None, _) => m.next(),
    } {
        points.push(*next);
    }
    if let Some(target) = r.target {
        let at = points.partition_point(|p| p.0 < target);
        points.insert(at, (target, Point::Target, r.completed_by_target));
    }
    let values: Vec<u32> = points.iter().map(|p| p.2).collect();
    let cells = disclose_cumulative(&values, completed, min);
    let mut total = ReviewRunningTotal { weeks: Vec::new(), months: Vec::new(), by_target: disclose(r.completed_by_target, min) };
    for (point, cell) in points.iter().zip(cells) {
        match point.1 {
            Point::Week(monday) => total.weeks.push((monday, cell)),
            Point::Month(first) => total.months.push((first, cell)),
            Point::Target => total.by_target = cell,
        }
    }
    total
}

/// The court counts as shown: appearances and scheduled hearings are parts of the charged
/// cases (with those that have no court date yet), and the weeks and offence groups are parts
/// of the appearances.
pub struct CourtCells {
    /// Appearances up to the as-of date.
    pub total: Cell,
    /// Hearings scheduled after the as-of date.
    pub scheduled: Cell,
    /// Appearances in each week of the axis.
    pub weeks: Vec<Cell>,
    /// Appearances by offence group.
    pub by_offence_group: Vec<Cell>,
}

/// See [`CourtCells`].
pub fn court_cells(a: &Aggregates, min: u32) -> CourtCells {
    let c = &a.court;
    let without_date = c.charged.saturating_sub(c.total + c.scheduled_after_as_of);
    let parts = disclose_parts(&[c.total, c.scheduled_after_as_of, without_date], min);
    let weeks: Vec<u32> = c.weeks.iter().map(|(_, n)| *n).collect();
    let groups: Vec<u32> = c.by_offence_group.iter().map(|g| g.count).collect();
    CourtCells {
        total: parts[0],
        scheduled: parts[1],
        weeks: disclose_within(parts[0], &weeks, min),
        by_offence_group: disclose_within(parts[0], &groups, min),
    }
}

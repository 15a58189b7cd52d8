//! Statistics over the counted histograms: quartiles of report-to-outcome days, cumulative
//! series, and the review's projected completion.

use super::output::{Projection, Quartiles};
use chrono::{Duration, NaiveDate};

/// Running totals of `per_period`, each keyed by its period's first day.
pub(super) fn cumulative(per_period: &[u32], period_start: impl Fn(usize) -> NaiveDate) -> Vec<(NaiveDate, u32)> {
    let mut running = 0;
    per_period
        .iter()
        .enumerate()
        .map(|(i, n)| {
            running += n;
            (period_start(i), running)
        })
        .collect()
}

/// Quartiles from a histogram of days, by linear interpolation between closest ranks (the
/// method of Excel's QUARTILE.INC and NumPy's default): the p-quantile of n sorted values is at
/// rank (n − 1)·p, counted from 0.
pub(super) fn quartiles(histogram: &[u32]) -> Option<Quartiles> {
    let n: u64 = histogram.iter().map(|&c| u64::from(c)).sum();
    if n == 0 {
        return None;
    }
    let value_at = |rank: u64| {
        let mut seen = 0u64;
        for (days, &count) in histogram.iter().enumerate() {
            seen += u64::from(count);
            if seen > rank {
                return days as f64;
            }
        }
        0.0
    };
    let quantile = |p: f64| {
        let h = (n - 1) as f64 * p;
        let (lo, hi) = (value_at(h.floor() as u64), value_at(h.ceil() as u64));
        lo + (hi - lo) * (h - h.floor())
    };
    Some(Quartiles {
        cases: n as u32,
        lower_quartile_months: quantile(0.25),
        median_months: quantile(0.5),
        upper_quartile_months: quantile(0.75),
    })
}

/// Projects completion from the completions in the four weeks up to the as-of date.
pub(super) fn project(cumulative_by_week: &[(NaiveDate, u32)], in_review: u32, completed: u32, as_of: NaiveDate) -> Projection {
    if in_review == 0 {
        return Projection::NoReview;
    }
    let remaining = in_review.saturating_sub(completed);
    if remaining == 0 {
        return Projection::Complete;
    }
    let now = cumulative_by_week.last().map_or(0, |(_, n)| *n);
    let before = cumulative_by_week.len().checked_sub(5).map_or(0, |i| cumulative_by_week[i].1);
    let recent = now - before;
    if recent == 0 {
        return Projection::NotOnTrack;
    }
    // 28 days per `recent` completions; round up to whole days.
    let days = (u64::from(remaining) * 28).div_ceil(u64::from(recent));
    Projection::OnTrack { date: as_of + Duration::days(days as i64), completed_last_4_weeks: recent }
}

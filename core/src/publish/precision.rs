//! How precisely each date other than the reported date is published: the figures need the
//! ISO week of a review completion, a charge and a court appearance (the weekly series), and
//! the month of an outcome (time to outcome, in months); nothing finer. Each date is written
//! as the last day of its period, and a period is cut only where a figure turns on a day: at
//! the as-of date (an appearance or a scheduled hearing; an outcome by the as-of date), and,
//! for review completions, at the review deadline. So the published day is on the same side of
//! those dates as the real one (the scheduled-hearing count and the review commitment stay
//! exact) and no earlier than the real one (the contract's order of dates still holds: the
//! charge, court and outcome dates share one set of cuts, so their order is kept).

use crate::dates::week_start;
use crate::metadata::{CommitmentRule, DatasetMeta};
use crate::period::Period;
use chrono::{Duration, NaiveDate};

/// The days a published review completion must not straddle: the as-of date and each review
/// deadline. (The weekly court commitment counts whole ISO weeks: it needs no cut.)
pub fn review_cut_days(meta: &DatasetMeta) -> Vec<NaiveDate> {
    let mut cuts = vec![meta.as_of];
    for c in &meta.commitments {
        if let CommitmentRule::ReviewCompleteBy { by } = c.rule {
            cuts.push(by);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// The published day of `date` at ISO-week precision: the Sunday ending its week, or the
/// first cut day from `date` onwards in that week.
pub fn week_end(date: NaiveDate, cuts: &[NaiveDate]) -> NaiveDate {
    let sunday = week_start(date) + Duration::days(6);
    period_end(date, sunday, cuts)
}

/// The published day of `date` at month precision: the last day of its month, or the first
/// cut day from `date` onwards in that month.
pub fn month_end(date: NaiveDate, cuts: &[NaiveDate]) -> NaiveDate {
    period_end(date, Period::month_of(date).last_day(), cuts)
}

fn period_end(date: NaiveDate, last: NaiveDate, cuts: &[NaiveDate]) -> NaiveDate {
    cuts.iter().copied().filter(|&c| date <= c && c < last).min().unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_date_is_published_as_the_end_of_its_period_cut_at_the_deadline_and_as_of() {
        let cuts = [ymd(2023, 3, 31), ymd(2024, 3, 27)];
        // 31 March 2023 is a Friday: the week is cut there.
        assert_eq!(week_end(ymd(2023, 3, 28), &cuts), ymd(2023, 3, 31), "by the deadline stays by it");
        assert_eq!(week_end(ymd(2023, 4, 1), &cuts), ymd(2023, 4, 2), "after it stays after it");
        assert_eq!(week_end(ymd(2023, 3, 6), &cuts), ymd(2023, 3, 12));
        assert_eq!(week_end(ymd(2024, 3, 25), &cuts), ymd(2024, 3, 27), "never after the as-of date");
        assert_eq!(week_end(ymd(2024, 3, 29), &cuts), ymd(2024, 3, 31), "a scheduled hearing stays scheduled");
        assert_eq!(month_end(ymd(2023, 2, 3), &cuts), ymd(2023, 2, 28));
        assert_eq!(month_end(ymd(2023, 12, 3), &cuts), ymd(2023, 12, 31));
        assert_eq!(month_end(ymd(2024, 3, 2), &cuts), ymd(2024, 3, 27));
        for d in (0..800).map(|i| ymd(2022, 6, 1) + Duration::days(i)) {
            let (w, m) = (week_end(d, &cuts), month_end(d, &cuts));
            assert!(d <= w && week_start(w) == week_start(d), "{d}");
            assert!(d <= m && (m.year(), m.month()) == (d.year(), d.month()), "{d}");
            for c in cuts {
                assert_eq!(d <= c, w <= c, "{d} and {c}");
                assert_eq!(d <= c, m <= c, "{d} and {c}");
            }
        }
    }
}

//! The reported date as a public release publishes it: a period (a month, or a coarser one
//! where a month would leave a group of fewer than `min_cell_count` records), written
//! `2023-03`, `2023-Q1`, `2023` or `Withheld`. A view counts a record only when the record's
//! whole period lies in the view's date range, so no two views can tell apart records inside
//! one period (see docs/DISCLOSURE.md).

use crate::model::WITHHELD;
use chrono::{Datelike, NaiveDate};
use std::fmt;

/// The earliest date the data contract accepts, where a withheld period starts.
const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1990, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Where a withheld period ends: later than any as-of date, so only a view without an end
/// date counts it.
const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// A published reported period, from finest to coarsest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A calendar month (year, month 1–12).
    Month(i32, u32),
    /// A calendar quarter (year, quarter 1–4).
    Quarter(i32, u32),
    /// A calendar year.
    Year(i32),
    /// The whole release: the date is withheld.
    Withheld,
}

impl Period {
    /// The month holding `date`.
    pub fn month_of(date: NaiveDate) -> Period {
        Period::Month(date.year(), date.month())
    }

    /// The next coarser period holding this one (a withheld period stays withheld).
    pub fn coarser(self) -> Period {
        match self {
            Period::Month(y, m) => Period::Quarter(y, (m - 1) / 3 + 1),
            Period::Quarter(y, _) => Period::Year(y),
            Period::Year(_) | Period::Withheld => Period::Withheld,
        }
    }

    /// The first day of the period.
    pub fn first_day(self) -> NaiveDate {
        let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(EARLIEST);
        match self {
            Period::Month(y, m) => day(y, m),
            Period::Quarter(y, q) => day(y, 3 * q - 2),
            Period::Year(y) => day(y, 1),
            Period::Withheld => EARLIEST,
        }
    }

    /// The last day of the period.
    pub fn last_day(self) -> NaiveDate {
        let before = |y: i32, m: u32| {
            let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt()).unwrap_or(LATEST)
        };
        match self {
            Period::Month(y, m) => before(y, m),
            Period::Quarter(y, q) => before(y, 3 * q),
            Period::Year(y) => before(y, 12),
            Period::Withheld => LATEST,
        }
    }

    /// Reads a period as [`Period`]'s `Display` writes it.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        if text.eq_ignore_ascii_case(WITHHELD) {
            return Some(Period::Withheld);
        }
        let year = |t: &str| (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse::<i32>().ok()).flatten();
        let number = |t: &str, max: u32| (t.len() <= 2).then(|| t.parse::<u32>().ok()).flatten().filter(|n| (1..=max).contains(n));
        let period = match text.split_once('-') {
            None => Period::Year(year(text)?),
            Some((y, q)) if q.starts_with(['Q', 'q']) => Period::Quarter(year(y)?, number(&q[1..], 4)?),
            Some((y, m)) if m.len() == 2 => Period::Month(year(y)?, number(m, 12)?),
            Some(_) => return None,
        };
        (period.first_day() >= EARLIEST).then_some(period)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Withheld => f.write_str(WITHHELD),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn periods_round_trip_through_text_and_nest() {
        let month = Period::month_of(ymd(2024, 2, 29));
        let all = [month, month.coarser(), month.coarser().coarser(), Period::Withheld];
        let texts: Vec<String> = all.iter().map(Period::to_string).collect();
        assert_eq!(texts, ["2024-02", "2024-Q1", "2024", "Withheld"]);
        for (p, t) in all.iter().zip(&texts) {
            assert_eq!(Period::parse(t), Some(*p));
        }
        assert_eq!((month.first_day(), month.last_day()), (ymd(2024, 2, 1), ymd(2024, 2, 29)));
        assert_eq!((all[1].first_day(), all[1].last_day()), (ymd(2024, 1, 1), ymd(2024, 3, 31)));
        assert_eq!(Period::Quarter(2023, 4).last_day(), ymd(2023, 12, 31));
        for pair in all.windows(2) {
            assert!(pair[1].first_day() <= pair[0].first_day() && pair[0].last_day() <= pair[1].last_day(), "{pair:?}");
        }
    }

    #[test]
    fn malformed_periods_are_refused() {
        for bad in ["2023-13", "2023-Q5", "2023-3", "23-03", "1989", "2023-03-01", "", "March 2023"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }
}

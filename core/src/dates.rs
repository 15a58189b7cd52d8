//! Calendar dates as the data contract accepts them, and ISO 8601 weeks.
//!
//! Dates are calendar dates, never shifted by a time zone. Accepted: `YYYY-MM-DD`, `D/M/YYYY`
//! and `DD/MM/YYYY` (always day/month), each optionally followed by a time that is dropped.
//! Calendar validity (leap years, month lengths) is chrono's; this module only recognises shapes.

use crate::words::{month_name, trf};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use thiserror::Error;

/// The earliest date the contract accepts.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1990, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Why a cell is not an accepted date. The messages are shown to publishers as they are.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    /// Not one of the accepted shapes.
    #[error("is not a date in an accepted format (YYYY-MM-DD, D/M/YYYY or DD/MM/YYYY)")]
    Format,
    /// The year has two digits, so the century is a guess.
    #[error("has a two-digit year; write the year in full (e.g. 2023)")]
    TwoDigitYear,
    /// The shape is right but no such day exists (31/02 is never rolled over).
    #[error("is not a real calendar date (day {day}, month {month}, year {year})")]
    Impossible {
        /// Day as written.
        day: u32,
        /// Month as written.
        month: u32,
        /// Year as written.
        year: i32,
    },
    /// Earlier than 1 January 1990.
    #[error("is before 1 January 1990, the earliest date accepted")]
    TooEarly,
    /// A bare number, most likely a spreadsheet serial date.
    #[error("is a bare number, probably an Excel serial date (it would be {would_be}); format the column as a date (YYYY-MM-DD) before exporting")]
    ExcelSerial {
        /// The date the number stands for in Excel's 1900 date system.
        would_be: NaiveDate,
    },
}

/// Parses one date cell (already trimmed) under the contract's rules.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let text = text.trim();
    if let Some(date) = parse_iso_fast(text) {
        return Ok(date);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(excel_serial(text));
    }
    let (date_part, rest) = split_time(text);
    if !rest.is_empty() && !is_time(rest) {
        return Err(DateError::Format);
    }
    let (year, month, day) = date_fields(date_part)?;
    if year.len() == 2 {
        return Err(DateError::TwoDigitYear);
    }
    if year.len() != 4 {
        return Err(DateError::Format);
    }
    let (y, m, d) = (number(year)? as i32, number(month)?, number(day)?);
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::Impossible { day: d, month: m, year: y })?;
    if date < EARLIEST {
        return Err(DateError::TooEarly);
    }
    Ok(date)
}

/// The common case, `YYYY-MM-DD` exactly, without allocating. `None` sends the text down the
/// general path, which also produces the error messages.
fn parse_iso_fast(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')));
    let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
    (date >= EARLIEST).then_some(date)
}

/// Splits `YYYY-MM-DD` or `D/M/YYYY` into (year, month, day) digit strings, checking widths.
fn date_fields(date: &str) -> Result<(&str, &str, &str), DateError> {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = if date.contains('-') { date.split('-').collect() } else { date.split('/').collect() };
    if parts.len() != 3 || !parts.iter().all(|p| all_digits(p)) {
        return Err(DateError::Format);
    }
    if date.contains('-') {
        // ISO order: the year comes first and month and day have two digits each.
        match (parts[0].len(), parts[1].len(), parts[2].len()) {
            (4, 2, 2) => Ok((parts[0], parts[1], parts[2])),
            (2, 2, 2) => Err(DateError::TwoDigitYear),
            _ => Err(DateError::Format),
        }
    } else if parts[0].len() <= 2 && parts[1].len() <= 2 {
        Ok((parts[2], parts[1], parts[0]))
    } else {
        Err(DateError::Format)
    }
}

fn number(digits: &str) -> Result<u32, DateError> {
    digits.parse().map_err(|_| DateError::Format)
}

/// Separates a trailing time (`T09:58`, ` 09:58:14`, with optional fraction and offset).
fn split_time(text: &str) -> (&str, &str) {
    match text.find(['T', ' ']) {
        Some(i) => (&text[..i], text[i + 1..].trim()),
        None => (text, ""),
    }
}

/// Whether `rest` is a time of day, possibly with seconds, a fraction and a UTC offset.
fn is_time(rest: &str) -> bool {
    let without_offset = strip_offset(rest);
    ["%H:%M", "%H:%M:%S", "%H:%M:%S%.f"].iter().any(|f| NaiveTime::parse_from_str(without_offset, f).is_ok())
}

fn strip_offset(time: &str) -> &str {
    if let Some(t) = time.strip_suffix('Z') {
        return t;
    }
    // An offset such as +01:00 or -0500 after the clock time; the date itself is never shifted.
    match time.rfind(['+', '-']) {
        Some(i) if i >= 5 => &time[..i],
        _ => time,
    }
}

fn excel_serial(text: &str) -> DateError {
    // Excel's day 1 is 1900-01-01, and it counts a 29 Feb 1900 that never existed, so
    // serials from 61 on are offset from 1899-12-30.
    let days = text.split('.').next().and_then(|d| d.parse::<i64>().ok()).unwrap_or(0);
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(NaiveDate::MIN);
    match epoch.checked_add_signed(Duration::days(days.min(3_000_000))) {
        Some(would_be) if days > 0 => DateError::ExcelSerial { would_be },
        _ => DateError::Format,
    }
}

/// The Monday that starts the ISO 8601 week containing `date`.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// The ISO 8601 week of `date` as `YYYY-Www` (2024-12-30 is `2025-W01`).
pub fn iso_week_key(date: NaiveDate) -> String {
    let week = date.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

/// How people read a week on a chart: "w/c 6 Feb 2023" (week commencing Monday).
pub fn week_commencing_label(monday: NaiveDate) -> String {
    debug_assert_eq!(monday.weekday(), Weekday::Mon);
    trf("w/c {}", &[&short_date(monday)])
}

/// Every Monday from the week of `first` to the week of `last`, inclusive (empty if reversed).
pub fn mondays_between(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let end = week_start(last);
    std::iter::successors(Some(week_start(first)), |d| Some(*d + Duration::days(7))).take_while(move |d| *d <= end)
}

// Dates are written here rather than with chrono's `format`, whose format-string interpreter
// would be most of chrono's bytes in the page; month names follow the page's language.

/// "31 March 2023" ("31 Mawrth 2023" in Welsh).
pub fn long_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), month_name(date.month0() as usize, false), date.year())
}

/// "31 Mar 2023" ("31 Maw 2023").
pub fn short_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), month_name(date.month0() as usize, true), date.year())
}

/// "Mar 2023" ("Maw 2023").
pub fn short_month(date: NaiveDate) -> String {
    format!("{} {}", month_name(date.month0() as usize, true), date.year())
}

/// "2023-03-31" (ISO 8601).
pub fn iso_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// "2023-03" (ISO 8601 year and month).
pub fn iso_month(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// Reads "2023-03-31" exactly (four, two and two digits); `None` for anything else, or a day
/// the calendar does not have.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r.clone()].iter().all(u8::is_ascii_digit).then(|| text[r].parse::<u32>().ok()).flatten();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(digits(0..4)?).ok()?, digits(5..7)?, digits(8..10)?)
}

/// The UTC day of an RFC 3339 time (`2024-04-01T09:00:00Z` → 1 April 2024); `None` if it is not one.
pub fn day_of_timestamp(text: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(text).ok().map(|t| t.naive_utc().date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_and_read_as_chrono_would() {
        for (y, m, d) in [(2023, 3, 31), (2024, 2, 29), (1999, 12, 1), (2023, 1, 9)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(long_date(date), date.format("%-d %B %Y").to_string());
            assert_eq!(short_date(date), date.format("%-d %b %Y").to_string());
            assert_eq!(short_month(date), date.format("%b %Y").to_string());
            assert_eq!(iso_date(date), date.format("%Y-%m-%d").to_string());
            assert_eq!(iso_month(date), date.format("%Y-%m").to_string());
            assert_eq!(parse_iso_date(&iso_date(date)), Some(date));
        }
        for bad in ["2023-02-29", "2023-3-31", "2023-03-31T00:00", "+023-03-31", "2023/03/31", "", "2023-0٣-31"] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn accepts_the_three_shapes_with_optional_time() {
        assert_eq!(parse_date("2023-03-31"), Ok(ymd(2023, 3, 31)));
        assert_eq!(parse_date("1/2/2023"), Ok(ymd(2023, 2, 1)));
        assert_eq!(parse_date("01/02/2023"), Ok(ymd(2023, 2, 1)));
        assert_eq!(parse_date("2024-03-01T09:58:14+00:00"), Ok(ymd(2024, 3, 1)));
        assert_eq!(parse_date("2024-03-01T23:30:00-05:00"), Ok(ymd(2024, 3, 1)));
        assert_eq!(parse_date("31/12/2023 17:05"), Ok(ymd(2023, 12, 31)));
    }

    #[test]
    fn refuses_what_the_contract_refuses() {
        assert_eq!(parse_date("31/02/2023"), Err(DateError::Impossible { day: 31, month: 2, year: 2023 }));
        assert_eq!(parse_date("2023-02-29"), Err(DateError::Impossible { day: 29, month: 2, year: 2023 }));
        assert_eq!(parse_date("1/2/23"), Err(DateError::TwoDigitYear));
        assert_eq!(parse_date("1989-12-31"), Err(DateError::TooEarly));
        assert_eq!(parse_date("2023/03/31"), Err(DateError::Format));
        assert_eq!(parse_date("March 3 2023"), Err(DateError::Format));
        assert_eq!(parse_date("2023-3-31"), Err(DateError::Format));
        assert_eq!(parse_date("2023-03-31 lunchtime"), Err(DateError::Format));
    }

    #[test]
    fn bare_numbers_show_the_excel_date_they_would_be() {
        // 45016 is 31 March 2023 in Excel's 1900 date system.
        assert_eq!(parse_date("45016"), Err(DateError::ExcelSerial { would_be: ymd(2023, 3, 31) }));
        let message = parse_date("45016").unwrap_err().to_string();
        assert!(message.contains("2023-03-31"), "{message}");
    }

    #[test]
    fn iso_weeks_follow_iso_8601() {
        assert_eq!(iso_week_key(ymd(2024, 12, 30)), "2025-W01");
        assert_eq!(iso_week_key(ymd(2021, 1, 3)), "2020-W53");
        assert_eq!(week_start(ymd(2023, 2, 12)), ymd(2023, 2, 6));
        assert_eq!(week_commencing_label(ymd(2023, 2, 6)), "w/c 6 Feb 2023");
        let weeks: Vec<_> = mondays_between(ymd(2020, 12, 28), ymd(2021, 1, 11)).collect();
        assert_eq!(weeks, vec![ymd(2020, 12, 28), ymd(2021, 1, 4), ymd(2021, 1, 11)]);
    }
}

//! How the table stores values as small integers: dates as day numbers, optional allowed
//! values as codes (with one code for "not recorded"), and the joint codes that let a pass do
//! one histogram increment where it would do several.
//!
//! Every count of codes is derived from the model's `ALL` lists, so adding an allowed value
//! changes every array and code range that depends on it; where a code must fit a storage
//! type, a compile-time assertion says so.

use crate::model::{
    AllegationCategory, AllowedValue, CriminalOutcome, MisconductOutcome, OffenceGroup, OtherForce, Proceedings, ReviewResult,
    ReviewStatus, Role, Source, SubjectCases,
};
use chrono::{Datelike, NaiveDate};

/// A date as a day number (days from 1 January of year 1).
pub(super) fn day(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// The day number of a missing date.
pub(super) const NO_DAY: i32 = i32::MIN;

/// The day number of an optional date, or [`NO_DAY`].
pub(super) fn opt_day(date: Option<NaiveDate>) -> i32 {
    date.map_or(NO_DAY, day)
}

/// The date of a day number.
pub(super) fn from_day(n: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MIN)
}

/// Months since year 0, for month arithmetic.
pub(super) fn month_number(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

/// The first day of month `number` (see [`month_number`]).
pub(super) fn month_start(number: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(number.div_euclid(12), number.rem_euclid(12) as u32 + 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The code of an optional value: its position in `T::ALL`, or `T::ALL.len()` for "not recorded".
pub(super) fn code<T: AllowedValue>(value: Option<T>) -> u8 {
    let all = T::all();
    value.and_then(|v| all.iter().position(|a| a.label() == v.label())).unwrap_or(all.len()) as u8
}

/// Codes of each column: one per allowed value, plus "not recorded" where the value is optional.
pub(super) mod count {
    use super::{
        AllegationCategory, CriminalOutcome, MisconductOutcome, OffenceGroup, OtherForce, Proceedings, ReviewResult, ReviewStatus, Role,
        Source, SubjectCases,
    };
    /// Roles (required: no "not recorded").
    pub const ROLES: usize = Role::ALL.len();
    /// Allegation categories (required).
    pub const CATEGORIES: usize = AllegationCategory::ALL.len();
    /// Sources and "not recorded".
    pub const SOURCES: usize = Source::ALL.len() + 1;
    /// Review statuses and "not in review".
    pub const REVIEW_STATUSES: usize = ReviewStatus::ALL.len() + 1;
    /// Review results and "not recorded".
    pub const REVIEW_RESULTS: usize = ReviewResult::ALL.len() + 1;
    /// Offence groups and "not recorded".
    pub const OFFENCE_GROUPS: usize = OffenceGroup::ALL.len() + 1;
    /// Offence groups a court appearance is counted under (a charge without a recorded group,
    /// which the contract does not allow, is counted as the last group, "Other").
    pub const COURT_GROUPS: usize = OffenceGroup::ALL.len();
    /// Criminal outcomes and "not recorded".
    pub const CRIMINAL_OUTCOMES: usize = CriminalOutcome::ALL.len() + 1;
    /// Kinds of proceedings and "not recorded".
    pub const PROCEEDINGS: usize = Proceedings::ALL.len() + 1;
    /// Misconduct outcomes and "not recorded".
    pub const MISCONDUCT_OUTCOMES: usize = MisconductOutcome::ALL.len() + 1;
    /// Other-force answers and "not recorded".
    pub const OTHER_FORCE: usize = OtherForce::ALL.len() + 1;
    /// Subject-cases marks (required).
    pub const SUBJECT_CASES: usize = SubjectCases::ALL.len();
}

/// Joint codes of several small fields, so a pass does one increment where it would do several;
/// the separate tallies are summed out of the joint histogram afterwards.
pub(super) mod joint {
    use super::count;

    /// review status (with "not in review") × review result (with "not recorded").
    pub const REVIEW: usize = count::REVIEW_STATUSES * count::REVIEW_RESULTS;
    /// 0 for an uncharged case, else 1 + criminal outcome × offence group × category.
    pub const CRIMINAL: usize = 1 + count::CRIMINAL_OUTCOMES * count::OFFENCE_GROUPS * count::CATEGORIES;
    /// misconduct outcome × proceedings × category.
    pub const MISCONDUCT: usize = count::MISCONDUCT_OUTCOMES * count::PROCEEDINGS * count::CATEGORIES;
    /// source × other-force answer.
    pub const SOURCE_FORCE: usize = count::SOURCES * count::OTHER_FORCE;
    /// subject-cases mark × earlier case's misconduct outcome (the repeat-report figures).
    pub const SUBJECT: usize = count::SUBJECT_CASES * count::MISCONDUCT_OUTCOMES;

    /// Histogram sizes: each joint code indexes an array of its storage type's whole range, so
    /// the hot loop needs no bounds checks (one-byte codes: 256; the misconduct code: 512).
    pub const BYTE_RANGE: usize = 256;
    /// See [`BYTE_RANGE`]; misconduct codes are masked to this range.
    pub const MISCONDUCT_RANGE: usize = 512;

    // Each code must fit the column that stores it and the histogram it indexes.
    const _: () = assert!(REVIEW <= BYTE_RANGE && CRIMINAL <= BYTE_RANGE && SOURCE_FORCE <= BYTE_RANGE && SUBJECT <= BYTE_RANGE);
    const _: () = assert!(MISCONDUCT <= MISCONDUCT_RANGE);

    /// The review code of a status and result code.
    pub fn review(status: u8, result: u8) -> u8 {
        (usize::from(status) * count::REVIEW_RESULTS + usize::from(result)) as u8
    }

    /// The status and result codes of a review code.
    pub fn split_review(code: usize) -> (usize, usize) {
        (code / count::REVIEW_RESULTS, code % count::REVIEW_RESULTS)
    }

    /// The criminal code of a charged case's outcome, offence group and category codes.
    pub fn criminal(outcome: u8, group: u8, category: u8) -> u8 {
        (1 + (usize::from(outcome) * count::OFFENCE_GROUPS + usize::from(group)) * count::CATEGORIES + usize::from(category)) as u8
    }

    /// The outcome, offence group and category codes of a charged case's criminal code (≥ 1).
    pub fn split_criminal(code: usize) -> (usize, usize, usize) {
        let c = code - 1;
        (c / (count::OFFENCE_GROUPS * count::CATEGORIES), c / count::CATEGORIES % count::OFFENCE_GROUPS, c % count::CATEGORIES)
    }

    /// The misconduct code of an outcome, proceedings and category code.
    pub fn misconduct(outcome: u8, proceedings: u8, category: u8) -> u16 {
        ((usize::from(outcome) * count::PROCEEDINGS + usize::from(proceedings)) * count::CATEGORIES + usize::from(category)) as u16
    }

    /// The outcome, proceedings and category codes of a misconduct code.
    pub fn split_misconduct(code: usize) -> (usize, usize, usize) {
        (code / (count::PROCEEDINGS * count::CATEGORIES), code / count::CATEGORIES % count::PROCEEDINGS, code % count::CATEGORIES)
    }

    /// The subject code of a subject-cases mark and a misconduct outcome code.
    pub fn subject(mark: usize, outcome: u8) -> u8 {
        (mark * count::MISCONDUCT_OUTCOMES + usize::from(outcome)) as u8
    }

    /// The mark and misconduct outcome codes of a subject code.
    pub fn split_subject(code: usize) -> (usize, usize) {
        (code / count::MISCONDUCT_OUTCOMES, code % count::MISCONDUCT_OUTCOMES)
    }

    /// The source-force code of a source and other-force code.
    pub fn source_force(source: u8, other_force: u8) -> u8 {
        (usize::from(source) * count::OTHER_FORCE + usize::from(other_force)) as u8
    }
}

/// No value in a precomputed two-byte column.
pub(super) const NONE: u16 = u16::MAX;
/// A court date after the as-of date.
pub(super) const SCHEDULED: u16 = u16::MAX - 1;
/// The largest offset a two-byte column holds (179 years of days).
pub(super) const MAX_OFFSET: i32 = u16::MAX as i32 - 2;

/// Whole calendar months from the month of day `reported` to the month of day `outcome`
/// (clamped to a two-byte column), or [`NONE`] when there is no outcome or the reported date
/// is published only to a period longer than a month (a quarter, a year: the time is unknown).
pub(super) fn outcome_months(outcome: i32, reported: i32, reported_until: i32) -> u16 {
    if outcome == NO_DAY || reported_until - reported > 30 {
        return NONE;
    }
    (month_number(from_day(outcome)) - month_number(from_day(reported))).clamp(0, MAX_OFFSET) as u16
}

/// Days from `from` to `d`, clamped to what a two-byte column holds.
pub(super) fn offset(d: i32, from: i32) -> u16 {
    (d - from).clamp(0, MAX_OFFSET) as u16
}

/// The court code of a court day: week index (from the first court week) × court groups +
/// offence group, [`NONE`], or [`SCHEDULED`] after the as-of date.
pub(super) fn court_code(court_day: i32, group: u8, first_court_week: i32, as_of: i32) -> u16 {
    let groups = count::COURT_GROUPS as u16;
    match court_day {
        NO_DAY => NONE,
        d if d > as_of => SCHEDULED,
        d => (offset(d, first_court_week) / 7).saturating_mul(groups).saturating_add(u16::from(group).min(groups - 1)).min(SCHEDULED - 1),
    }
}

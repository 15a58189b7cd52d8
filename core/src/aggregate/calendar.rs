//! The table's calendar: the as-of day, where the weekly axes start, and the month of each
//! completion day. Fixed when the table is built, so every filter's series share one axis.

use super::codec::{self, ColumnSource, TableBytesError, Writer};
use super::codes::{day, from_day, month_number, NO_DAY};
use crate::dates::week_start;

/// Where the table's series start and end.
#[derive(Debug, Clone, Default)]
pub(super) struct Calendar {
    /// The as-of day.
    pub as_of: i32,
    /// Monday of the first week with a court date (the court axis starts here for every filter).
    pub first_court_week: Option<i32>,
    /// Monday of the first week with a completed review.
    pub first_completion_week: Option<i32>,
    /// Longest report-to-outcome time, in months (histogram size).
    pub longest_outcome_months: usize,
    /// Month index (from the first completion month) of each day from the first completion
    /// week to the as-of date.
    pub month_of_offset: Vec<u16>,
}

impl Calendar {
    /// The calendar of a table's date columns (one value per record; `NO_DAY` when missing).
    pub fn new(as_of: i32, reported: &[i32], court: &[i32], review_completed: &[i32], outcome_dates: [&[i32]; 2]) -> Calendar {
        let min_day = |v: &[i32]| v.iter().copied().filter(|d| *d != NO_DAY).min();
        let first_completion_week = min_day(review_completed).map(|d| day(week_start(from_day(d))));
        let first = first_completion_week.unwrap_or(as_of);
        let first_month = month_number(from_day(first));
        let longest_outcome_months = outcome_dates
            .iter()
            .flat_map(|dates| dates.iter().zip(reported))
            .filter(|(d, _)| **d != NO_DAY)
            .map(|(d, r)| (month_number(from_day(*d)) - month_number(from_day(*r))).max(0) as usize)
            .max()
            .unwrap_or(0);
        Calendar {
            as_of,
            first_court_week: min_day(court).map(|d| day(week_start(from_day(d)))),
            first_completion_week,
            longest_outcome_months,
            month_of_offset: (first..=as_of.max(first)).map(|d| (month_number(from_day(d)) - first_month) as u16).collect(),
        }
    }

    /// Writes the calendar (see the codec).
    pub fn write(&self, w: &mut Writer) {
        w.i32s(&[self.as_of]);
        w.option_i32(self.first_court_week);
        w.option_i32(self.first_completion_week);
        w.usize(self.longest_outcome_months);
        w.u16s(&self.month_of_offset);
    }

    /// Reads a calendar written by [`Calendar::write`].
    pub fn read(r: &mut dyn ColumnSource) -> Result<Calendar, TableBytesError> {
        Ok(Calendar {
            as_of: codec::one(r.i32s()?)?,
            first_court_week: codec::read_option_i32(r)?,
            first_completion_week: codec::read_option_i32(r)?,
            longest_outcome_months: codec::read_usize(r)?,
            month_of_offset: r.u16s()?,
        })
    }
}

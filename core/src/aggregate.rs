//! Raw aggregates over loaded records, for a filter: exact counts, before disclosure control.
//! Nothing here is shown directly; [`crate::figures`] discloses them first.
//!
//! Aggregation runs over a [`CaseTable`]: the records stored column by column as small
//! integers, sorted into blocks by (role, category, source) and by reported date within each
//! block, built once per load, with each block's totals precomputed. A filter change adds the
//! totals of whole blocks and visits only the rows of blocks cut by the date range, plus one
//! pass over compact columns in subject order for the people figures; it never re-parses.

pub mod codec;

use crate::dates::week_start;
use crate::model::*;
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

/// The label for a missing optional value: never counted as zero.
pub const NOT_RECORDED: &str = "not recorded";

/// The label for cases in no review.
pub const NOT_IN_REVIEW: &str = "not in review";

/// A labelled count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// The value's label, or "not recorded".
    pub label: String,
    /// How many cases.
    pub count: u32,
}

/// Which cases to count. Empty choices mean "all". The date range applies to `reported_date`
/// and includes both ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// First reported date included.
    pub from: Option<NaiveDate>,
    /// Last reported date included.
    pub to: Option<NaiveDate>,
    /// Allegation categories included (empty: all).
    pub categories: Vec<AllegationCategory>,
    /// Roles included (empty: all).
    pub roles: Vec<Role>,
    /// Sources included, `None` standing for "not recorded" (empty: all).
    pub sources: Vec<Option<Source>>,
}

/// The filter as bit masks and day numbers, for the inner loop.
struct CompiledFilter {
    from: i32,
    to: i32,
    categories: u32,
    roles: u32,
    sources: u32,
}

impl Filter {
    fn compile(&self) -> CompiledFilter {
        fn mask<T>(items: &[T], bit: impl Fn(&T) -> usize) -> u32 {
            if items.is_empty() {
                u32::MAX
            } else {
                items.iter().fold(0, |m, i| m | (1 << bit(i)))
            }
        }
        CompiledFilter {
            from: self.from.map_or(i32::MIN, day),
            to: self.to.map_or(i32::MAX, day),
            categories: mask(&self.categories, |c| c.index()),
            roles: mask(&self.roles, |r| r.index()),
            sources: mask(&self.sources, |s| s.map_or(Source::ALL.len(), Source::index)),
        }
    }
}

/// A date as a day number (days from 1 January of year 1); `NO_DAY` when missing.
fn day(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

const NO_DAY: i32 = i32::MIN;

fn opt_day(date: Option<NaiveDate>) -> i32 {
    date.map_or(NO_DAY, day)
}

fn from_day(n: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MIN)
}

/// Index of an optional value: its position, or `len` for "not recorded".
fn code<T: AllowedValue>(value: Option<T>) -> u8 {
    let all = T::all();
    value.and_then(|v| all.iter().position(|a| a.label() == v.label())).unwrap_or(all.len()) as u8
}

/// The records, column by column, in blocks by (role, category, source), each block sorted
/// by reported date; plus the few columns the people figures need, in subject order.
#[derive(Debug, Clone, Default)]
pub struct CaseTable {
    as_of: i32,
    subject: Vec<u32>,
    reported: Vec<i32>,
    role: Vec<u8>,
    category: Vec<u8>,
    source: Vec<u8>,
    review_status: Vec<u8>,
    review_completed: Vec<i32>,
    review_result: Vec<u8>,
    charged: Vec<i32>,
    offence_group: Vec<u8>,
    court: Vec<i32>,
    criminal_outcome: Vec<u8>,
    criminal_outcome_date: Vec<i32>,
    proceedings: Vec<u8>,
    misconduct_outcome: Vec<u8>,
    misconduct_outcome_date: Vec<i32>,
    /// Monday of the first week with a court date (the court axis starts here for every filter).
    first_court_week: Option<i32>,
    /// Monday of the first week with a completed review.
    first_completion_week: Option<i32>,
    /// Longest report-to-outcome time, in days (histogram size).
    longest_outcome_days: usize,
    // Precomputed per record so that a re-filter does no date arithmetic:
    // Two bytes each, so a pass reads as little memory as possible:
    /// Days from `first_completion_week` to the review completion, or `NONE`.
    completion_offset: Vec<u16>,
    /// Month index (from the first completion month) of each completion offset.
    month_of_offset: Vec<u16>,
    /// Court week index (from `first_court_week`) × 5 + offence group, `NONE`, or `SCHEDULED`.
    court_code: Vec<u16>,
    /// Days from report to misconduct outcome, or `NONE`.
    misconduct_days: Vec<u16>,
    /// Days from report to criminal outcome, or `NONE`.
    criminal_days: Vec<u16>,
    /// Joint codes, one histogram increment each instead of one per field (see [`joint`]).
    who: Vec<u8>,
    review_code: Vec<u8>,
    criminal_code: Vec<u8>,
    misconduct_code: Vec<u16>,
    /// Source × 3 + other-force code (Yes, No, not recorded).
    source_force: Vec<u8>,
    /// Rows are sorted by (who code, reported date): block `w` is `block_start[w]..block_start[w + 1]`.
    block_start: Vec<usize>,
    /// Every additive total of each whole block, so a filter that takes a block whole adds
    /// its totals instead of visiting its rows.
    partials: Vec<Accumulator>,
    /// Large blocks cut at calendar-year boundaries of the reported date, with each piece's
    /// totals, so a date range visits only the rows of the years it cuts.
    segments: Vec<Segment>,
    /// Block `w`'s segments are `segments[block_segments[w]..block_segments[w + 1]]`.
    block_segments: Vec<usize>,
    /// The columns the repeat-report figures need, in (subject, reported date) order.
    by_subject: SubjectColumns,
    /// The people figures with no filter (the page's default view), counted once.
    all_people: Option<Box<Accumulator>>,
}

/// The selected-case test and the fields the people figures need, one packed `u64` per record
/// in (subject, reported date) order: a pass reads 8 bytes a record and takes no branch that
/// depends on the data (a data-dependent branch mispredicts about half the time here).
#[derive(Debug, Clone, Default)]
struct SubjectColumns {
    /// The earliest reported day; packed dates are days after it.
    first_day: i32,
    rows: Vec<u64>,
}

impl SubjectColumns {
    /// Bits 0–31: reported day − `first_day`; 32–39: who code; 40–43: misconduct outcome code;
    /// bit 48: the first record of a subject.
    fn pack(&self, reported: i32, who: u8, misconduct_outcome: u8, first_of_subject: bool) -> u64 {
        let days = (reported - self.first_day).max(0) as u64;
        days | u64::from(who) << 32 | u64::from(misconduct_outcome & 15) << 40 | u64::from(first_of_subject) << 48
    }
}

/// Joint codes of several small fields, so a pass does one increment where it would do several;
/// the separate tallies are summed out of the joint histogram afterwards.
mod joint {
    /// role × category × source (3 × 6 × 6).
    pub const WHO: usize = 108;
    /// review status (with "not in review") × review result (with "not recorded").
    pub const REVIEW: usize = 16;
    /// 0 for an uncharged case, else 1 + criminal outcome × offence group × category (5 × 6 × 6).
    pub const CRIMINAL: usize = 181;
    /// misconduct outcome × proceedings × category (11 × 5 × 6).
    pub const MISCONDUCT: usize = 330;

    pub fn who(role: u8, category: u8, source: u8) -> u8 {
        role * 36 + category * 6 + source
    }
}

/// No value in a precomputed column.
const NONE: u16 = u16::MAX;
/// A court date after the as-of date.
const SCHEDULED: u16 = u16::MAX - 1;
/// The largest offset a two-byte column holds (179 years of days).
const MAX_OFFSET: i32 = u16::MAX as i32 - 2;

fn offset(d: i32, from: i32) -> u16 {
    (d - from).clamp(0, MAX_OFFSET) as u16
}

impl CaseTable {
    /// Builds the table from loaded records, as of `as_of`.
    pub fn new(cases: &[Case], as_of: NaiveDate) -> CaseTable {
        Self::with_segments_from(cases, as_of, SEGMENTED_BLOCK_ROWS)
    }

    /// Builds the table, cutting blocks of at least `segmented_block_rows` rows into years.
    fn with_segments_from(cases: &[Case], as_of: NaiveDate, segmented_block_rows: usize) -> CaseTable {
        let who_of = |c: &Case| joint::who(c.role.index() as u8, c.allegation_category.index() as u8, code(c.source));
        let reported = |c: &Case| u64::from(day(c.reported_date).clamp(0, (1 << 20) - 1) as u32);
        let order = sorted_order(cases, |c| u64::from(who_of(c)) << 52 | reported(c) << 32 | u64::from(c.subject_ref.0));
        let mut t = CaseTable { as_of: day(as_of), ..CaseTable::default() };
        t.reserve(cases.len());
        for &i in &order {
            t.push(&cases[i]);
        }
        let order = sorted_order(cases, |c| u64::from(c.subject_ref.0) << 20 | reported(c));
        t.by_subject.first_day = cases.iter().map(|c| day(c.reported_date)).min().unwrap_or(0);
        let mut previous_subject = None;
        t.by_subject.rows.reserve_exact(cases.len());
        for &i in &order {
            let c = &cases[i];
            let first_of_subject = previous_subject != Some(c.subject_ref);
            previous_subject = Some(c.subject_ref);
            let row = t.by_subject.pack(day(c.reported_date), who_of(c), code(c.misconduct_outcome), first_of_subject);
            t.by_subject.rows.push(row);
        }
        let min_day = |v: &[i32]| v.iter().copied().filter(|d| *d != NO_DAY).min();
        t.first_court_week = min_day(&t.court).map(|d| day(week_start(from_day(d))));
        t.first_completion_week = min_day(&t.review_completed).map(|d| day(week_start(from_day(d))));
        t.precompute();
        t.longest_outcome_days = t
            .criminal_outcome_date
            .iter()
            .chain(&t.misconduct_outcome_date)
            .zip(t.reported.iter().chain(&t.reported))
            .filter(|(d, _)| **d != NO_DAY)
            .map(|(d, r)| (d - r).max(0) as usize)
            .max()
            .unwrap_or(0);
        t.build_blocks(segmented_block_rows);
        let mut people = Accumulator::new(&t, None);
        t.count_people(&mut people, &[true; 256], &Filter::default().compile());
        t.all_people = Some(Box::new(people));
        t
    }

    /// Finds each who-code block and adds up its totals, whole and by reported year.
    fn build_blocks(&mut self, segmented_block_rows: usize) {
        let mut start = vec![0usize; joint::WHO + 1];
        for &w in &self.who {
            start[usize::from(w) + 1] += 1;
        }
        for w in 0..joint::WHO {
            start[w + 1] += start[w];
        }
        self.block_start = start;
        self.partials = (0..joint::WHO)
            .map(|w| {
                let mut acc = Accumulator::new(self, None);
                for i in self.block_start[w]..self.block_start[w + 1] {
                    acc.add(self, i);
                }
                acc
            })
            .collect();
        self.block_segments = vec![0];
        for w in 0..joint::WHO {
            let (start, end) = (self.block_start[w], self.block_start[w + 1]);
            if end - start >= segmented_block_rows {
                let mut from = start;
                while from < end {
                    let next_year = day_of_next_new_year(self.reported[from]);
                    let to = from + self.reported[from..end].partition_point(|&r| r < next_year);
                    let mut acc = Accumulator::new(self, None);
                    (from..to).for_each(|i| acc.add(self, i));
                    self.segments.push(Segment { start: from, end: to, totals: SegmentTotals::of(&acc) });
                    from = to;
                }
            }
            self.block_segments.push(self.segments.len());
        }
    }

    /// Adds the rows `lo..hi` of block `w`: whole year segments by their totals, the rest row by row.
    fn add_rows(&self, acc: &mut Accumulator, w: usize, lo: usize, hi: usize) {
        let (first, last) = (self.block_segments[w], self.block_segments[w + 1]);
        if first == last {
            (lo..hi).for_each(|i| acc.add(self, i));
            return;
        }
        for segment in &self.segments[first..last] {
            let (from, to) = (segment.start.max(lo), segment.end.min(hi));
            if from == segment.start && to == segment.end {
                segment.totals.add_to(acc);
            } else {
                (from..to).for_each(|i| acc.add(self, i));
            }
        }
    }

    fn precompute(&mut self) {
        let first = self.first_completion_week.unwrap_or(self.as_of);
        self.completion_offset = self.review_completed.iter().map(|&d| if d == NO_DAY { NONE } else { offset(d, first) }).collect();
        let first_month = month_number(from_day(first));
        self.month_of_offset = (first..=self.as_of.max(first)).map(|d| (month_number(from_day(d)) - first_month) as u16).collect();
        let court_first = self.first_court_week.unwrap_or(self.as_of);
        self.court_code = self
            .court
            .iter()
            .zip(&self.offence_group)
            .map(|(&d, &group)| match d {
                NO_DAY => NONE,
                d if d > self.as_of => SCHEDULED,
                d => (offset(d, court_first) / 7).saturating_mul(5).saturating_add(u16::from(group.min(4))).min(SCHEDULED - 1),
            })
            .collect();
        let days = |outcome: &[i32], reported: &[i32]| -> Vec<u16> {
            outcome.iter().zip(reported).map(|(&o, &r)| if o == NO_DAY { NONE } else { offset(o, r) }).collect()
        };
        self.misconduct_days = days(&self.misconduct_outcome_date, &self.reported);
        let n = self.len();
        self.who = (0..n).map(|i| joint::who(self.role[i], self.category[i], self.source[i])).collect();
        self.review_code = (0..n).map(|i| self.review_status[i] * 4 + self.review_result[i]).collect();
        self.criminal_code = (0..n)
            .map(|i| {
                if self.charged[i] == NO_DAY {
                    0
                } else {
                    1 + (self.criminal_outcome[i] * 6 + self.offence_group[i]) * 6 + self.category[i]
                }
            })
            .collect();
        self.misconduct_code = (0..n)
            .map(|i| (u16::from(self.misconduct_outcome[i]) * 5 + u16::from(self.proceedings[i])) * 6 + u16::from(self.category[i]))
            .collect();
        self.criminal_days = days(&self.criminal_outcome_date, &self.reported);
    }

    /// Room for `n` records in every column read from the cases, so pushing never reallocates.
    fn reserve(&mut self, n: usize) {
        self.subject.reserve_exact(n);
        for column in [&mut self.reported, &mut self.review_completed, &mut self.charged, &mut self.court] {
            column.reserve_exact(n);
        }
        for column in [&mut self.criminal_outcome_date, &mut self.misconduct_outcome_date] {
            column.reserve_exact(n);
        }
        for column in [
            &mut self.role,
            &mut self.category,
            &mut self.source,
            &mut self.review_status,
            &mut self.review_result,
            &mut self.offence_group,
            &mut self.criminal_outcome,
            &mut self.proceedings,
            &mut self.misconduct_outcome,
            &mut self.source_force,
        ] {
            column.reserve_exact(n);
        }
    }

    fn push(&mut self, c: &Case) {
        self.subject.push(c.subject_ref.0);
        self.reported.push(day(c.reported_date));
        self.role.push(c.role.index() as u8);
        self.category.push(c.allegation_category.index() as u8);
        self.source.push(code(c.source));
        self.review_status.push(code(c.review_status));
        self.review_completed.push(if c.review_status == Some(ReviewStatus::Completed) {
            opt_day(c.review_completed_date)
        } else {
            NO_DAY
        });
        self.review_result.push(code(c.review_result));
        self.charged.push(opt_day(c.charged_date));
        self.offence_group.push(code(c.offence_group));
        self.court.push(opt_day(c.court_date));
        self.criminal_outcome.push(code(c.criminal_outcome));
        self.criminal_outcome_date.push(opt_day(c.criminal_outcome_date));
        self.proceedings.push(code(c.proceedings));
        self.misconduct_outcome.push(code(c.misconduct_outcome));
        self.misconduct_outcome_date.push(opt_day(c.misconduct_outcome_date));
        self.source_force.push(code(c.source) * 3 + code(c.other_force));
    }

    /// Whether every column read by a pass has `n` entries (always true; checking it once lets
    /// the compiler drop the per-record bounds checks in the pass).
    fn columns_have_length(&self, n: usize) -> bool {
        [
            self.reported.len(),
            self.who.len(),
            self.subject.len(),
            self.review_code.len(),
            self.criminal_code.len(),
            self.misconduct_code.len(),
            self.completion_offset.len(),
            self.court_code.len(),
            self.misconduct_days.len(),
            self.criminal_days.len(),
            self.misconduct_outcome.len(),
            self.source_force.len(),
        ]
        .iter()
        .all(|&len| len == n)
    }

    /// Records in the table.
    pub fn len(&self) -> usize {
        self.subject.len()
    }

    /// Whether the table has no records.
    pub fn is_empty(&self) -> bool {
        self.subject.is_empty()
    }

    /// The as-of date.
    pub fn as_of(&self) -> NaiveDate {
        from_day(self.as_of)
    }

    /// Every aggregate for the cases that `filter` selects. Blocks taken whole add their
    /// precomputed totals; blocks cut by the date range are visited row by row over the rows in
    /// range only (found by binary search); people are counted in a separate pass.
    pub fn aggregate(&self, filter: &Filter, review_target: Option<NaiveDate>) -> Aggregates {
        let f = filter.compile();
        let mut who_allowed = [false; 256];
        for (code, allowed) in who_allowed.iter_mut().enumerate().take(joint::WHO) {
            let (role, category, source) = (code / 36, code / 6 % 6, code % 6);
            *allowed = f.roles & (1 << role) != 0 && f.categories & (1 << category) != 0 && f.sources & (1 << source) != 0;
        }
        let mut acc = Accumulator::new(self, review_target);
        let blocks_built = self.block_start.len() == joint::WHO + 1 && self.partials.len() == joint::WHO;
        if !self.columns_have_length(self.len()) || !blocks_built || self.block_segments.len() != joint::WHO + 1 {
            return acc.finish(self);
        }
        for w in (0..joint::WHO).filter(|&w| who_allowed[w]) {
            let (start, end) = (self.block_start[w], self.block_start[w + 1]);
            if start == end {
                continue;
            }
            let dates = &self.reported[start..end];
            if f.from <= dates[0] && dates[dates.len() - 1] <= f.to {
                acc.merge(&self.partials[w]);
                continue;
            }
            let lo = start + dates.partition_point(|&r| r < f.from);
            let hi = start + dates.partition_point(|&r| r <= f.to);
            self.add_rows(&mut acc, w, lo, hi);
        }
        let unfiltered = f.from == i32::MIN && f.to == i32::MAX && who_allowed[..joint::WHO].iter().all(|a| *a);
        match (&self.all_people, unfiltered) {
            (Some(people), true) => acc.take_people(people),
            _ => self.count_people(&mut acc, &who_allowed, &f),
        }
        acc.finish(self)
    }

    /// Distinct people, people with several cases, and how their earlier cases ended, over the
    /// selected cases in subject order.
    fn count_people(&self, acc: &mut Accumulator, who_allowed: &[bool; 256], f: &CompiledFilter) {
        let s = &self.by_subject;
        // The date range as packed day offsets; `from > to` selects nothing.
        let from = (i64::from(f.from) - i64::from(s.first_day)).clamp(0, i64::from(u32::MAX)) as u32;
        let to = (i64::from(f.to) - i64::from(s.first_day)).clamp(-1, i64::from(u32::MAX)) as u32;
        let span = to.wrapping_sub(from);
        let selects_nothing = f.to < f.from || i64::from(f.to) < i64::from(s.first_day);
        if selects_nothing {
            return;
        }
        let allowed: [u32; 256] = std::array::from_fn(|w| u32::from(who_allowed[w]));
        // Subjects by how many selected cases they have (4 = four or more), and the outcomes of
        // selected cases followed by a later selected case of the same subject.
        let mut subjects_by_cases = [0u32; 5];
        let mut earlier = [0u32; 16];
        let (mut cases, mut last_outcome) = (0u32, 0usize);
        for &row in &s.rows {
            let first = (row >> 48) as u32 & 1;
            // A new subject closes the previous one (adding 0 when it continues).
            subjects_by_cases[cases.min(4) as usize] += first;
            cases *= 1 - first;
            let selected = u32::from((row as u32).wrapping_sub(from) <= span) & allowed[(row >> 32) as u8 as usize];
            earlier[last_outcome] += selected & u32::from(cases > 0);
            let outcome = (row >> 40) as usize & 15;
            last_outcome = if selected == 1 { outcome } else { last_outcome };
            cases += selected;
        }
        subjects_by_cases[cases.min(4) as usize] += 1;
        acc.subjects = subjects_by_cases[1..].iter().sum();
        acc.subjects_with = [subjects_by_cases[2..].iter().sum(), subjects_by_cases[3..].iter().sum(), subjects_by_cases[4]];
        acc.earlier_cases = earlier.iter().sum();
        for (slot, n) in acc.earlier_outcomes.iter_mut().zip(earlier) {
            *slot += n;
        }
    }
}

/// The indices of `cases` ordered by `key`, then by case id: a packed key sorts 1M records in
/// tens of milliseconds, where comparing tuples with the 32-byte case id took about half a
/// second per sort. Ties on the key (rare) are ordered by case id, as the figures define.
fn sorted_order(cases: &[Case], key: impl Fn(&Case) -> u64) -> Vec<usize> {
    let mut keyed: Vec<(u64, u32)> = cases.iter().enumerate().map(|(i, c)| (key(c), i as u32)).collect();
    keyed.sort_unstable();
    let mut order: Vec<usize> = keyed.iter().map(|&(_, i)| i as usize).collect();
    let mut start = 0;
    while start < keyed.len() {
        let end = start + keyed[start..].partition_point(|k| k.0 == keyed[start].0);
        if end - start > 1 {
            order[start..end].sort_by(|&a, &b| cases[a].case_id.cmp(&cases[b].case_id));
        }
        start = end;
    }
    order
}

/// Blocks with at least this many rows are cut into year segments (smaller ones are cheap to visit).
const SEGMENTED_BLOCK_ROWS: usize = 2048;

/// The day number of 1 January after day `d`.
fn day_of_next_new_year(d: i32) -> i32 {
    let year = from_day(d).year();
    NaiveDate::from_ymd_opt(year + 1, 1, 1).map_or(i32::MAX, day)
}

/// The rows `start..end` of one block (one reported year) and their totals.
#[derive(Debug, Clone)]
struct Segment {
    start: usize,
    end: usize,
    totals: SegmentTotals,
}

/// A histogram kept only over its non-zero span, so a segment's totals stay small.
#[derive(Debug, Clone, Default)]
struct Window {
    first: usize,
    counts: Vec<u32>,
}

impl Window {
    fn of(dense: &[u32]) -> Window {
        match dense.iter().position(|&n| n != 0) {
            None => Window::default(),
            Some(first) => {
                let last = dense.iter().rposition(|&n| n != 0).unwrap_or(first);
                Window { first, counts: dense[first..=last].to_vec() }
            }
        }
    }

    fn add_to(&self, dense: &mut [u32]) {
        if let Some(target) = dense.get_mut(self.first..) {
            for (a, b) in target.iter_mut().zip(&self.counts) {
                *a += b;
            }
        }
    }
}

/// The additive totals of a segment, each histogram as a [`Window`].
#[derive(Debug, Clone)]
struct SegmentTotals {
    records: u32,
    court_total: u32,
    scheduled: u32,
    who: Window,
    review_joint: Window,
    criminal_joint: Window,
    misconduct_joint: Window,
    source_force: Window,
    completions_by_offset: Window,
    court: Window,
    misconduct_days: Window,
    criminal_days: Window,
}

impl SegmentTotals {
    fn of(acc: &Accumulator) -> SegmentTotals {
        SegmentTotals {
            records: acc.records,
            court_total: acc.court_total,
            scheduled: acc.scheduled,
            who: Window::of(&acc.who),
            review_joint: Window::of(&acc.review_joint),
            criminal_joint: Window::of(&acc.criminal_joint),
            misconduct_joint: Window::of(&acc.misconduct_joint),
            source_force: Window::of(&acc.source_force),
            completions_by_offset: Window::of(&acc.completions_by_offset),
            court: Window::of(&acc.court),
            misconduct_days: Window::of(&acc.misconduct_days),
            criminal_days: Window::of(&acc.criminal_days),
        }
    }

    fn add_to(&self, acc: &mut Accumulator) {
        acc.records += self.records;
        acc.court_total += self.court_total;
        acc.scheduled += self.scheduled;
        self.who.add_to(&mut acc.who);
        self.review_joint.add_to(&mut acc.review_joint);
        self.criminal_joint.add_to(&mut acc.criminal_joint);
        self.misconduct_joint.add_to(&mut acc.misconduct_joint);
        self.source_force.add_to(&mut acc.source_force);
        self.completions_by_offset.add_to(&mut acc.completions_by_offset);
        self.court.add_to(&mut acc.court);
        self.misconduct_days.add_to(&mut acc.misconduct_days);
        self.criminal_days.add_to(&mut acc.criminal_days);
    }
}

/// Counts per allowed value plus "not recorded", as a fixed array indexed by [`code`].
fn tally_labels<T: AllowedValue>(counts: &[u32]) -> Vec<Category> {
    T::all()
        .iter()
        .map(|v| v.label().to_string())
        .chain(std::iter::once(NOT_RECORDED.to_string()))
        .zip(counts.iter().copied())
        .map(|(label, count)| Category { label, count })
        .collect()
}

/// Running totals for one pass.
#[derive(Debug, Clone)]
struct Accumulator {
    records: u32,
    by_role: [u32; 4],
    by_category: [u32; 7],
    by_source: [u32; 6],
    review_status: [u32; 4],
    review_result: [u32; 4],
    target: Option<i32>,
    /// Completions by day, from the first completion week to the as-of date.
    completions_by_offset: Vec<u32>,
    charged: u32,
    charged_by_group: [u32; 6],
    /// Court appearances by week × 5 + offence group (the layout of `court_code`).
    court: Vec<u32>,
    court_total: u32,
    scheduled: u32,
    criminal: [u32; 5],
    proceedings: [u32; 5],
    misconduct_all: [u32; 11],
    misconduct_cases: [u32; 11],
    criminal_by_category: [[u32; 5]; 6],
    misconduct_by_category: [[u32; 11]; 6],
    misconduct_days: Vec<u32>,
    criminal_days: Vec<u32>,
    subjects: u32,
    subjects_with: [u32; 3],
    earlier_outcomes: [u32; 11],
    earlier_cases: u32,
    // Sized to the index type's range, so the hot loop needs no bounds checks.
    who: [u32; 256],
    review_joint: [u32; 256],
    criminal_joint: [u32; 256],
    misconduct_joint: [u32; 512],
    source_force: [u32; 256],
}

impl Accumulator {
    fn new(t: &CaseTable, target: Option<NaiveDate>) -> Self {
        let weeks = |first: Option<i32>| first.map_or(0, |f| ((t.as_of - f).max(-7) / 7 + 1).max(0) as usize);
        let completion_days = t.first_completion_week.map_or(0, |f| (t.as_of - f + 1).clamp(0, MAX_OFFSET + 1) as usize);
        Accumulator {
            records: 0,
            by_role: [0; 4],
            by_category: [0; 7],
            by_source: [0; 6],
            review_status: [0; 4],
            review_result: [0; 4],
            target: target.map(day),
            completions_by_offset: vec![0; completion_days],
            charged: 0,
            charged_by_group: [0; 6],
            court: vec![0; weeks(t.first_court_week) * 5],
            court_total: 0,
            scheduled: 0,
            criminal: [0; 5],
            proceedings: [0; 5],
            misconduct_all: [0; 11],
            misconduct_cases: [0; 11],
            criminal_by_category: [[0; 5]; 6],
            misconduct_by_category: [[0; 11]; 6],
            misconduct_days: vec![0; t.longest_outcome_days.min(MAX_OFFSET as usize) + 1],
            criminal_days: vec![0; t.longest_outcome_days.min(MAX_OFFSET as usize) + 1],
            subjects: 0,
            subjects_with: [0; 3],
            earlier_outcomes: [0; 11],
            earlier_cases: 0,
            who: [0; 256],
            review_joint: [0; 256],
            criminal_joint: [0; 256],
            misconduct_joint: [0; 512],
            source_force: [0; 256],
        }
    }

    fn add(&mut self, t: &CaseTable, i: usize) {
        self.records += 1;
        self.who[usize::from(t.who[i])] += 1;
        self.review_joint[usize::from(t.review_code[i])] += 1;
        self.criminal_joint[usize::from(t.criminal_code[i])] += 1;
        self.misconduct_joint[usize::from(t.misconduct_code[i]) & 511] += 1;
        self.source_force[usize::from(t.source_force[i])] += 1;
        if let Some(slot) = self.completions_by_offset.get_mut(usize::from(t.completion_offset[i])) {
            *slot += 1;
        }
        self.add_court(t, i);
        if let Some(slot) = self.misconduct_days.get_mut(usize::from(t.misconduct_days[i])) {
            *slot += 1;
        }
        if let Some(slot) = self.criminal_days.get_mut(usize::from(t.criminal_days[i])) {
            *slot += 1;
        }
    }

    /// Copies the people figures counted elsewhere.
    fn take_people(&mut self, other: &Accumulator) {
        self.subjects = other.subjects;
        self.subjects_with = other.subjects_with;
        self.earlier_outcomes = other.earlier_outcomes;
        self.earlier_cases = other.earlier_cases;
    }

    /// Adds another accumulator's additive totals (a precomputed block).
    fn merge(&mut self, other: &Accumulator) {
        fn add_all(into: &mut [u32], from: &[u32]) {
            for (a, b) in into.iter_mut().zip(from) {
                *a += b;
            }
        }
        self.records += other.records;
        self.court_total += other.court_total;
        self.scheduled += other.scheduled;
        add_all(&mut self.who, &other.who);
        add_all(&mut self.review_joint, &other.review_joint);
        add_all(&mut self.criminal_joint, &other.criminal_joint);
        add_all(&mut self.misconduct_joint, &other.misconduct_joint);
        add_all(&mut self.source_force, &other.source_force);
        add_all(&mut self.completions_by_offset, &other.completions_by_offset);
        add_all(&mut self.misconduct_days, &other.misconduct_days);
        add_all(&mut self.criminal_days, &other.criminal_days);
        add_all(&mut self.court, &other.court);
    }

    /// Sums the separate tallies out of the joint histograms.
    fn expand(&mut self) {
        for (code, &n) in self.who.iter().enumerate().take(joint::WHO) {
            self.by_role[code / 36] += n;
            self.by_category[code / 6 % 6] += n;
            self.by_source[code % 6] += n;
        }
        for (code, &n) in self.review_joint.iter().enumerate().take(joint::REVIEW) {
            let (status, result) = (code / 4, code % 4);
            self.review_status[status] += n;
            if status == ReviewStatus::Completed.index() {
                self.review_result[result] += n;
            }
        }
        for (code, &n) in self.criminal_joint.iter().enumerate().take(joint::CRIMINAL).skip(1) {
            let (outcome, group, category) = ((code - 1) / 36, (code - 1) / 6 % 6, (code - 1) % 6);
            self.charged += n;
            self.charged_by_group[group] += n;
            self.criminal[outcome] += n;
            self.criminal_by_category[category][outcome] += n;
        }
        let no_proceedings = Proceedings::NoProceedings.index();
        for (code, &n) in self.misconduct_joint.iter().enumerate().take(joint::MISCONDUCT) {
            let (outcome, proceedings, category) = (code / 30, code / 6 % 5, code % 6);
            self.misconduct_all[outcome] += n;
            self.proceedings[proceedings] += n;
            // A misconduct case has a recorded misconduct outcome or proceedings (a meeting or a
            // hearing); "No proceedings" alone does not make one.
            let recorded = outcome < MisconductOutcome::ALL.len();
            let in_proceedings = proceedings < Proceedings::ALL.len() && proceedings != no_proceedings;
            if recorded || in_proceedings {
                self.misconduct_cases[outcome] += n;
                self.misconduct_by_category[category][outcome] += n;
            }
        }
    }

    fn add_court(&mut self, t: &CaseTable, i: usize) {
        match t.court_code[i] {
            NONE => {}
            SCHEDULED => self.scheduled += 1,
            code => {
                self.court_total += 1;
                if let Some(slot) = self.court.get_mut(usize::from(code)) {
                    *slot += 1;
                }
            }
        }
    }

    fn finish(mut self, t: &CaseTable) -> Aggregates {
        self.expand();
        let court_per_week: Vec<(NaiveDate, [u32; 5])> = match t.first_court_week {
            Some(first) => self
                .court
                .chunks_exact(5)
                .enumerate()
                .map(|(w, counts)| (from_day(first + 7 * w as i32), [counts[0], counts[1], counts[2], counts[3], counts[4]]))
                .collect(),
            None => Vec::new(),
        };
        let first = t.first_completion_week.unwrap_or(0);
        let by_week: Vec<u32> = self.completions_by_offset.chunks(7).map(|week| week.iter().sum()).collect();
        let cumulative_by_week = cumulative(&by_week, |w| from_day(first + 7 * w as i32));
        let first_month = month_number(from_day(first));
        let months = self
            .completions_by_offset
            .len()
            .checked_sub(1)
            .map_or(0, |last| usize::from(t.month_of_offset.get(last).copied().unwrap_or(0)) + 1);
        let mut by_month = vec![0u32; months];
        for (offset, n) in self.completions_by_offset.iter().enumerate() {
            if let Some(slot) = t.month_of_offset.get(offset).and_then(|&m| by_month.get_mut(usize::from(m))) {
                *slot += n;
            }
        }
        let cumulative_by_month = cumulative(&by_month, |m| month_start(first_month + m as i32));
        let target_offset = self.target.map(|d| d - first);
        let completed_by_target: u32 = match target_offset {
            Some(o) if o >= 0 => self.completions_by_offset.iter().take(o as usize + 1).sum(),
            _ => 0,
        };
        let in_review = self.review_status[..3].iter().sum::<u32>();
        let completed = self.review_status[ReviewStatus::Completed.index()];
        let projection = project(&cumulative_by_week, in_review, completed, from_day(t.as_of));
        Aggregates {
            records: self.records,
            distinct_subjects: self.subjects,
            subjects_with_2_or_more_cases: self.subjects_with[0],
            subjects_with_3_or_more_cases: self.subjects_with[1],
            subjects_with_4_or_more_cases: self.subjects_with[2],
            earlier_cases_of_repeat_subjects: self.earlier_cases,
            earlier_case_outcomes_of_repeat_subjects: tally_labels::<MisconductOutcome>(&self.earlier_outcomes),
            cases_by_role: tally_labels::<Role>(&self.by_role[..3]),
            cases_by_allegation_category: tally_labels::<AllegationCategory>(&self.by_category[..6]),
            cases_by_source: tally_labels::<Source>(&self.by_source),
            other_force_cases_by_source: tally_labels::<Source>(&self.other_force_by_source()),
            review: ReviewProgress {
                in_review,
                completed,
                status: review_status_labels(&self.review_status),
                result_of_completed: tally_labels::<ReviewResult>(&self.review_result),
                target: self.target.map(from_day),
                completed_by_target,
                cumulative_by_week,
                cumulative_by_month,
                projection,
            },
            court: CourtAppearances {
                weeks: court_per_week.iter().map(|(w, c)| (*w, c.iter().sum())).collect(),
                weeks_by_offence_group: court_per_week,
                total: self.court_total,
                scheduled_after_as_of: self.scheduled,
                by_offence_group: tally_labels::<OffenceGroup>(&self.court_groups()),
                charged: self.charged,
                charged_by_offence_group: tally_labels::<OffenceGroup>(&self.charged_by_group),
            },
            outcomes: Outcomes {
                criminal: tally_labels::<CriminalOutcome>(&self.criminal),
                misconduct: tally_labels::<MisconductOutcome>(&self.misconduct_cases),
                misconduct_all_cases: tally_labels::<MisconductOutcome>(&self.misconduct_all),
                proceedings: tally_labels::<Proceedings>(&self.proceedings),
                criminal_by_category: by_category::<CriminalOutcome>(&self.criminal_by_category),
                misconduct_by_category: by_category::<MisconductOutcome>(&self.misconduct_by_category),
            },
            time_to_outcome: TimeToOutcome { misconduct: quartiles(&self.misconduct_days), criminal: quartiles(&self.criminal_days) },
        }
    }

    /// Cases whose subject serves in another force, by source (with "not recorded").
    fn other_force_by_source(&self) -> [u32; 6] {
        std::array::from_fn(|source| self.source_force[source * 3 + OtherForce::Yes.index()])
    }

    fn court_groups(&self) -> [u32; 6] {
        let mut groups = [0u32; 6];
        for (code, n) in self.court.iter().enumerate() {
            groups[code % 5] += n;
        }
        groups
    }
}

fn by_category<T: AllowedValue>(rows: &[impl AsRef<[u32]>]) -> Vec<(String, Vec<Category>)> {
    AllegationCategory::ALL.iter().zip(rows).map(|(c, counts)| (c.label().to_string(), tally_labels::<T>(counts.as_ref()))).collect()
}

fn review_status_labels(counts: &[u32; 4]) -> Vec<Category> {
    ReviewStatus::ALL
        .iter()
        .map(|s| s.label().to_string())
        .chain(std::iter::once(NOT_IN_REVIEW.to_string()))
        .zip(counts.iter().copied())
        .map(|(label, count)| Category { label, count })
        .collect()
}

fn cumulative(per_period: &[u32], period_start: impl Fn(usize) -> NaiveDate) -> Vec<(NaiveDate, u32)> {
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

/// Months since year 0, for month arithmetic.
fn month_number(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

fn month_start(number: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(number.div_euclid(12), number.rem_euclid(12) as u32 + 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Median and quartiles of report-to-outcome times, in days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quartiles {
    /// Cases with an outcome date.
    pub cases: u32,
    /// First quartile (25th percentile), days.
    pub lower_quartile_days: f64,
    /// Median, days.
    pub median_days: f64,
    /// Third quartile (75th percentile), days.
    pub upper_quartile_days: f64,
}

/// Time from report to outcome, for cases with an outcome date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeToOutcome {
    /// Report to misconduct outcome; `None` when no case has one.
    pub misconduct: Option<Quartiles>,
    /// Report to criminal outcome; `None` when no case has one.
    pub criminal: Option<Quartiles>,
}

/// Quartiles from a histogram of days, by linear interpolation between closest ranks (the
/// method of Excel's QUARTILE.INC and NumPy's default): the p-quantile of n sorted values is at
/// rank (n − 1)·p, counted from 0.
fn quartiles(histogram: &[u32]) -> Option<Quartiles> {
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
        lower_quartile_days: quantile(0.25),
        median_days: quantile(0.5),
        upper_quartile_days: quantile(0.75),
    })
}

/// When the review would be complete at the pace of the last four weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Projection {
    /// Nothing is in the review.
    NoReview,
    /// Every review is complete.
    Complete,
    /// At the recent pace the last review would be completed on this date.
    OnTrack {
        /// Projected completion date.
        date: NaiveDate,
        /// Reviews completed in the last 4 weeks.
        completed_last_4_weeks: u32,
    },
    /// No review was completed in the last four weeks.
    NotOnTrack,
}

/// Projects completion from the completions in the four weeks up to the as-of date.
fn project(cumulative_by_week: &[(NaiveDate, u32)], in_review: u32, completed: u32, as_of: NaiveDate) -> Projection {
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

/// Progress of the review of past cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewProgress {
    /// Cases with any review status (cases in no review are left out).
    pub in_review: u32,
    /// Cases whose review is completed.
    pub completed: u32,
    /// Not started, In progress, Completed, and "not in review".
    pub status: Vec<Category>,
    /// Review result of completed reviews, with "not recorded".
    pub result_of_completed: Vec<Category>,
    /// The review deadline from the commitments, if any.
    pub target: Option<NaiveDate>,
    /// Reviews completed on or before the deadline.
    pub completed_by_target: u32,
    /// Completed reviews so far at the end of each ISO week (keyed by its Monday), from the
    /// first completion in the data to the as-of date.
    pub cumulative_by_week: Vec<(NaiveDate, u32)>,
    /// Completed reviews so far at the end of each month (keyed by its first day).
    pub cumulative_by_month: Vec<(NaiveDate, u32)>,
    /// Projected completion at the pace of the last four weeks.
    pub projection: Projection,
}

/// First court appearances per ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CourtAppearances {
    /// Appearances per week (keyed by its Monday), zero-filled from the first court week in
    /// the data to the as-of week.
    pub weeks: Vec<(NaiveDate, u32)>,
    /// The same weeks split by offence group (in contract order).
    pub weeks_by_offence_group: Vec<(NaiveDate, [u32; 5])>,
    /// All appearances up to the as-of date.
    pub total: u32,
    /// Court dates after the as-of date: scheduled hearings, not appearances.
    pub scheduled_after_as_of: u32,
    /// Appearances up to the as-of date by offence group.
    pub by_offence_group: Vec<Category>,
    /// Cases with a charge.
    pub charged: u32,
    /// Offence group of charged cases.
    pub charged_by_offence_group: Vec<Category>,
}

/// How cases ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    /// Criminal outcome of charged cases, with "not recorded".
    pub criminal: Vec<Category>,
    /// Misconduct outcome of cases with misconduct proceedings or an outcome, with "not recorded".
    pub misconduct: Vec<Category>,
    /// Misconduct outcome of every case, with "not recorded".
    pub misconduct_all_cases: Vec<Category>,
    /// Kind of misconduct proceedings of every case, with "not recorded".
    pub proceedings: Vec<Category>,
    /// Criminal outcome of charged cases, by allegation category.
    pub criminal_by_category: Vec<(String, Vec<Category>)>,
    /// Misconduct outcome of misconduct cases, by allegation category.
    pub misconduct_by_category: Vec<(String, Vec<Category>)>,
}

/// Every raw aggregate the dashboard draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregates {
    /// Records aggregated.
    pub records: u32,
    /// Distinct pseudonymous subjects.
    pub distinct_subjects: u32,
    /// Subjects with two or more cases.
    pub subjects_with_2_or_more_cases: u32,
    /// Subjects with three or more cases.
    pub subjects_with_3_or_more_cases: u32,
    /// Subjects with four or more cases.
    pub subjects_with_4_or_more_cases: u32,
    /// Cases of repeat subjects other than their latest.
    pub earlier_cases_of_repeat_subjects: u32,
    /// How those earlier cases ended (misconduct outcome, with "not recorded").
    pub earlier_case_outcomes_of_repeat_subjects: Vec<Category>,
    /// Cases by role.
    pub cases_by_role: Vec<Category>,
    /// Cases by allegation category.
    pub cases_by_allegation_category: Vec<Category>,
    /// Cases by source, with "not recorded".
    pub cases_by_source: Vec<Category>,
    /// Cases whose subject serves in another force (`other_force` = Yes), by source, with
    /// "not recorded" for a missing source: most are hotline reports passed on.
    pub other_force_cases_by_source: Vec<Category>,
    /// Review progress.
    pub review: ReviewProgress,
    /// Court appearances.
    pub court: CourtAppearances,
    /// Outcomes.
    pub outcomes: Outcomes,
    /// Time from report to outcome.
    pub time_to_outcome: TimeToOutcome,
}

/// Computes every aggregate over all of `cases`, as of `as_of`.
pub fn aggregate(cases: &[Case], as_of: NaiveDate, review_target: Option<NaiveDate>) -> Aggregates {
    CaseTable::new(cases, as_of).aggregate(&Filter::default(), review_target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn case(id: &str) -> Case {
        Case {
            case_id: CaseId::parse(id).unwrap(),
            subject_ref: SubjectRef(id.bytes().map(u32::from).sum()),
            role: Role::Officer,
            allegation_category: AllegationCategory::Violence,
            reported_date: ymd(2020, 1, 1),
            source: None,
            review_status: None,
            review_completed_date: None,
            review_result: None,
            charged_date: None,
            offence_group: None,
            court_date: None,
            criminal_outcome: None,
            criminal_outcome_date: None,
            proceedings: None,
            misconduct_outcome: None,
            misconduct_outcome_date: None,
            other_force: None,
            notes: None,
        }
    }

    fn completed(id: &str, on: NaiveDate) -> Case {
        Case { review_status: Some(ReviewStatus::Completed), review_completed_date: Some(on), ..case(id) }
    }

    fn in_court(id: &str, on: NaiveDate, group: OffenceGroup) -> Case {
        Case { charged_date: Some(on), offence_group: Some(group), court_date: Some(on), ..case(id) }
    }

    #[test]
    fn review_progress_counts_cumulatively_across_iso_weeks() {
        let cases = vec![
            completed("a", ymd(2024, 12, 29)), // Sunday: 2024-W52
            completed("b", ymd(2024, 12, 30)), // Monday: 2025-W01
            completed("c", ymd(2025, 1, 14)),  // 2025-W03
            Case { review_status: Some(ReviewStatus::InProgress), ..case("d") },
            case("e"),
        ];
        let r = aggregate(&cases, ymd(2025, 1, 20), Some(ymd(2024, 12, 31))).review;
        assert_eq!((r.in_review, r.completed, r.completed_by_target), (4, 3, 2));
        assert_eq!(
            r.cumulative_by_week,
            vec![(ymd(2024, 12, 23), 1), (ymd(2024, 12, 30), 2), (ymd(2025, 1, 6), 2), (ymd(2025, 1, 13), 3), (ymd(2025, 1, 20), 3)]
        );
    }

    #[test]
    fn court_weeks_are_zero_filled_and_stop_at_as_of() {
        let cases = vec![
            in_court("a", ymd(2020, 12, 28), OffenceGroup::Violence),  // 2020-W53
            in_court("b", ymd(2021, 1, 13), OffenceGroup::Dishonesty), // 2021-W02
            in_court("c", ymd(2021, 1, 14), OffenceGroup::Dishonesty),
            in_court("d", ymd(2021, 2, 1), OffenceGroup::Violence), // after as-of: scheduled
        ];
        let c = aggregate(&cases, ymd(2021, 1, 20), None).court;
        assert_eq!(c.weeks, vec![(ymd(2020, 12, 28), 1), (ymd(2021, 1, 4), 0), (ymd(2021, 1, 11), 2), (ymd(2021, 1, 18), 0)]);
        assert_eq!((c.total, c.scheduled_after_as_of), (3, 1));
        let dishonesty = c.by_offence_group.iter().find(|g| g.label == "Dishonesty").unwrap();
        assert_eq!(dishonesty.count, 2);
    }

    #[test]
    fn outcomes_keep_not_recorded_apart_and_list_zeros() {
        let cases = vec![
            Case { criminal_outcome: Some(CriminalOutcome::Convicted), ..in_court("a", ymd(2021, 1, 1), OffenceGroup::Other) },
            in_court("b", ymd(2021, 1, 1), OffenceGroup::Other),
            Case { proceedings: Some(Proceedings::MisconductHearing), ..case("c") },
            Case { proceedings: Some(Proceedings::NoProceedings), ..case("d") },
        ];
        let o = aggregate(&cases, ymd(2024, 1, 1), None).outcomes;
        let get = |v: &[Category], l: &str| v.iter().find(|c| c.label == l).unwrap().count;
        assert_eq!(get(&o.criminal, "Convicted"), 1);
        assert_eq!(get(&o.criminal, NOT_RECORDED), 1);
        assert_eq!(get(&o.criminal, "Acquitted"), 0);
        assert_eq!(o.criminal.len(), CriminalOutcome::ALL.len() + 1);
        assert_eq!(get(&o.misconduct, NOT_RECORDED), 1);
        assert_eq!(o.misconduct.iter().map(|c| c.count).sum::<u32>(), 1);
    }

    #[test]
    fn empty_data_gives_empty_series_not_errors() {
        let a = aggregate(&[], ymd(2024, 1, 1), None);
        assert!(a.review.cumulative_by_week.is_empty() && a.court.weeks.is_empty());
        assert_eq!(a.records, 0);
    }

    fn at(id: &str, subject: u32, reported: NaiveDate) -> Case {
        Case { subject_ref: SubjectRef(subject), reported_date: reported, ..case(id) }
    }

    #[test]
    fn filters_select_by_date_category_role_and_source() {
        let mut cases = vec![at("a", 1, ymd(2020, 1, 1)), at("b", 2, ymd(2020, 6, 1)), at("c", 3, ymd(2021, 1, 1))];
        cases[1].allegation_category = AllegationCategory::Dishonesty;
        cases[2].role = Role::Staff;
        cases[2].source = Some(Source::Hotline);
        let table = CaseTable::new(&cases, ymd(2024, 1, 1));
        let count = |f: Filter| table.aggregate(&f, None).records;
        assert_eq!(count(Filter::default()), 3);
        assert_eq!(count(Filter { from: Some(ymd(2020, 6, 1)), to: Some(ymd(2020, 12, 31)), ..Filter::default() }), 1);
        assert_eq!(
            count(Filter { categories: vec![AllegationCategory::Dishonesty, AllegationCategory::Violence], ..Filter::default() }),
            3
        );
        assert_eq!(count(Filter { categories: vec![AllegationCategory::Dishonesty], ..Filter::default() }), 1);
        assert_eq!(count(Filter { roles: vec![Role::Staff], ..Filter::default() }), 1);
        assert_eq!(count(Filter { sources: vec![None], ..Filter::default() }), 2, "not recorded is a choice");
        assert_eq!(count(Filter { sources: vec![Some(Source::Hotline)], roles: vec![Role::Officer], ..Filter::default() }), 0);
    }

    #[test]
    fn repeat_subjects_and_how_earlier_cases_ended() {
        let mut cases = vec![
            at("a1", 7, ymd(2016, 1, 1)),
            at("a2", 7, ymd(2019, 1, 1)),
            at("a3", 7, ymd(2021, 2, 1)),
            at("a4", 7, ymd(2022, 1, 1)),
            at("b1", 8, ymd(2020, 1, 1)),
            at("b2", 8, ymd(2020, 2, 1)),
            at("c1", 9, ymd(2020, 1, 1)),
        ];
        for c in &mut cases[..3] {
            c.misconduct_outcome = Some(MisconductOutcome::NoFurtherAction);
            c.misconduct_outcome_date = Some(c.reported_date + Duration::days(10));
        }
        let a = aggregate(&cases, ymd(2024, 1, 1), None);
        assert_eq!(
            (a.distinct_subjects, a.subjects_with_2_or_more_cases, a.subjects_with_3_or_more_cases, a.subjects_with_4_or_more_cases),
            (3, 2, 1, 1)
        );
        // Earlier cases: a1, a2, a3 (all "No further action") and b1 (not recorded).
        assert_eq!(a.earlier_cases_of_repeat_subjects, 4);
        let get = |label: &str| a.earlier_case_outcomes_of_repeat_subjects.iter().find(|c| c.label == label).unwrap().count;
        assert_eq!((get("No further action"), get(NOT_RECORDED)), (3, 1));
    }

    #[test]
    fn quartiles_interpolate_between_ranks() {
        // Days 10, 20, 30, 40: Q1 at rank 0.75 = 17.5, median 25, Q3 at rank 2.25 = 32.5.
        let mut histogram = vec![0u32; 41];
        for d in [10, 20, 30, 40] {
            histogram[d] += 1;
        }
        let q = quartiles(&histogram).unwrap();
        assert_eq!((q.cases, q.lower_quartile_days, q.median_days, q.upper_quartile_days), (4, 17.5, 25.0, 32.5));
        assert_eq!(quartiles(&[0, 0]), None);
        let one = quartiles(&[0, 0, 1]).unwrap();
        assert_eq!((one.lower_quartile_days, one.median_days, one.upper_quartile_days), (2.0, 2.0, 2.0));
    }

    #[test]
    fn time_to_outcome_is_from_report_to_outcome() {
        let mut cases: Vec<Case> = (0..3).map(|i| at(&format!("m{i}"), i, ymd(2020, 1, 1))).collect();
        for (c, days) in cases.iter_mut().zip([100, 200, 400]) {
            c.misconduct_outcome = Some(MisconductOutcome::WrittenWarning);
            c.misconduct_outcome_date = Some(ymd(2020, 1, 1) + Duration::days(days));
        }
        let t = aggregate(&cases, ymd(2024, 1, 1), None).time_to_outcome;
        let m = t.misconduct.unwrap();
        assert_eq!((m.lower_quartile_days, m.median_days, m.upper_quartile_days), (150.0, 200.0, 300.0));
        assert_eq!(t.criminal, None);
    }

    #[test]
    fn projection_uses_the_last_four_weeks() {
        // 8 in review; 4 completed, one in each of the 4 weeks to the as-of date: 4 remain at
        // 4 per 28 days, so 28 more days.
        let mut cases: Vec<Case> = (0..4).map(|i| completed(&format!("d{i}"), ymd(2024, 1, 1) + Duration::days(7 * i))).collect();
        cases.extend((0..4).map(|i| Case { review_status: Some(ReviewStatus::InProgress), ..case(&format!("p{i}")) }));
        let as_of = ymd(2024, 1, 28);
        let r = aggregate(&cases, as_of, None).review;
        assert_eq!(r.projection, Projection::OnTrack { date: as_of + Duration::days(28), completed_last_4_weeks: 4 });
        let stalled = aggregate(&cases, ymd(2024, 6, 1), None).review;
        assert_eq!(stalled.projection, Projection::NotOnTrack);
        let done = aggregate(&cases[..4], as_of, None).review;
        assert_eq!(done.projection, Projection::Complete);
        assert_eq!(aggregate(&[], as_of, None).review.projection, Projection::NoReview);
    }

    #[test]
    fn monthly_cumulative_and_status_with_not_in_review() {
        let cases = vec![completed("a", ymd(2023, 1, 31)), completed("b", ymd(2023, 3, 1)), case("c")];
        let r = aggregate(&cases, ymd(2023, 3, 15), None).review;
        assert_eq!(r.cumulative_by_month, vec![(ymd(2023, 1, 1), 1), (ymd(2023, 2, 1), 1), (ymd(2023, 3, 1), 2)]);
        let status: Vec<(&str, u32)> = r.status.iter().map(|c| (c.label.as_str(), c.count)).collect();
        assert_eq!(status, vec![("Not started", 0), ("In progress", 0), ("Completed", 2), (NOT_IN_REVIEW, 1)]);
    }

    #[test]
    fn cases_on_the_same_day_are_ordered_by_case_id() {
        // Same person, same reported date: "earlier" is the smaller case id, whatever the file order.
        let mut later = at("C-2", 7, ymd(2023, 5, 1));
        later.misconduct_outcome = Some(MisconductOutcome::DismissedWithoutNotice);
        let mut earlier = at("C-1", 7, ymd(2023, 5, 1));
        earlier.misconduct_outcome = Some(MisconductOutcome::NoCaseToAnswer);
        for cases in [vec![later.clone(), earlier.clone()], vec![earlier.clone(), later.clone()]] {
            let a = aggregate(&cases, ymd(2024, 3, 31), None);
            let ended = |label: &str| a.earlier_case_outcomes_of_repeat_subjects.iter().find(|c| c.label == label).map(|c| c.count);
            assert_eq!((ended("No case to answer"), ended("Dismissed without notice")), (Some(1), Some(0)));
        }
    }

    #[test]
    fn year_segments_give_what_visiting_every_row_gives() {
        let cases = crate::sample::dense_cases(3000, 11);
        let as_of = crate::sample::demo_as_of();
        let segmented = CaseTable::with_segments_from(&cases, as_of, 8);
        let unsegmented = CaseTable::with_segments_from(&cases, as_of, usize::MAX);
        assert!(segmented.segments.len() > joint::WHO, "blocks are cut into years");
        assert!(unsegmented.segments.is_empty());
        // Whole years, ranges ending on the first or last day of a year, and days mid-year.
        let ranges = [(2012, 1, 1, 2021, 12, 31), (2015, 1, 1, 2018, 12, 31), (2014, 12, 31, 2016, 1, 1), (2013, 3, 17, 2019, 8, 2)];
        for (y0, m0, d0, y1, m1, d1) in ranges {
            let (from, to) = (ymd(y0, m0, d0), ymd(y1, m1, d1));
            let filter = Filter { from: Some(from), to: Some(to), roles: vec![Role::Officer, Role::Staff], ..Filter::default() };
            let target = Some(ymd(2023, 3, 31));
            assert!(segmented.aggregate(&filter, target) == unsegmented.aggregate(&filter, target), "{from}..{to}");
        }
    }

    #[test]
    fn court_axis_crosses_a_53_week_year() {
        // 2020 has 53 ISO weeks: 2020-W53 starts 28 Dec 2020, 2021-W01 starts 4 Jan 2021.
        let cases = vec![in_court("a", ymd(2020, 12, 21), OffenceGroup::Violence), in_court("b", ymd(2021, 1, 4), OffenceGroup::Violence)];
        let c = aggregate(&cases, ymd(2021, 1, 4), None).court;
        let keys: Vec<String> = c.weeks.iter().map(|(w, _)| crate::dates::iso_week_key(*w)).collect();
        assert_eq!(keys, ["2020-W52", "2020-W53", "2021-W01"]);
        assert_eq!(c.weeks.iter().map(|w| w.1).collect::<Vec<_>>(), [1, 0, 1]);
        assert_eq!(c.weeks_by_offence_group[0].1[OffenceGroup::Violence.index()], 1);
    }
}

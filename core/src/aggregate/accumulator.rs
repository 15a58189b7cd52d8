//! Running totals of one pass: a few joint histograms that each record adds one to, merged
//! from precomputed blocks and segments, and expanded into [`Aggregates`] at the end.

use super::calendar::Calendar;
use super::codec::{self, ColumnSource, TableBytesError, Writer};
use super::codes::{count, from_day, joint, month_number, month_start, MAX_OFFSET, NONE, NO_DAY, SCHEDULED};
use super::columns::RecordColumns;
use super::filter::{code_in_block, FilterDimension, BLOCKS, BLOCK_RANGE};
use super::output::{
    by_category, review_status_labels, tally_labels, Aggregates, CourtAppearances, Outcomes, ReviewProgress, TimeToOutcome,
};
use super::people::People;
use super::stats::{cumulative, project, quartiles};
use crate::model::{
    AllegationCategory, CriminalOutcome, MisconductOutcome, OffenceGroup, OtherForce, Proceedings, ReviewResult, ReviewStatus, Role, Source,
};
use chrono::NaiveDate;

/// Running totals for one pass.
#[derive(Debug, Clone)]
pub(super) struct Accumulator {
    /// Records added.
    pub records: u32,
    /// Completions by day, from the first completion week to the as-of date.
    pub completions_by_offset: Vec<u32>,
    /// Court appearances by week × court groups + offence group (the layout of `court_code`).
    pub court: Vec<u32>,
    /// Court appearances up to the as-of date.
    pub court_total: u32,
    /// Court dates after the as-of date.
    pub scheduled: u32,
    /// Months from report to misconduct outcome.
    pub misconduct_months: Vec<u32>,
    /// Months from report to criminal outcome.
    pub criminal_months: Vec<u32>,
    /// By subject code (subject-cases mark × earlier case's misconduct outcome).
    pub subject_joint: [u32; joint::BYTE_RANGE],
    /// Misconduct and criminal outcomes of cases whose reported date is known only to a period
    /// longer than a month (left out of the times to outcome).
    pub outcomes_without_month: [u32; 2],
    // Joint histograms, sized to the index type's range so the hot loop needs no bounds checks.
    /// By block code (the filter dimensions' codes).
    pub by_block: [u32; BLOCK_RANGE],
    /// By review code.
    pub review_joint: [u32; joint::BYTE_RANGE],
    /// By criminal code.
    pub criminal_joint: [u32; joint::BYTE_RANGE],
    /// By misconduct code.
    pub misconduct_joint: [u32; joint::MISCONDUCT_RANGE],
    /// By source-force code.
    pub source_force: [u32; joint::BYTE_RANGE],
}

/// The separate tallies, summed out of the joint histograms.
struct Tallies {
    by_role: [u32; count::ROLES],
    by_category: [u32; count::CATEGORIES],
    by_source: [u32; count::SOURCES],
    review_status: [u32; count::REVIEW_STATUSES],
    review_result: [u32; count::REVIEW_RESULTS],
    charged: u32,
    charged_by_group: [u32; count::OFFENCE_GROUPS],
    criminal: [u32; count::CRIMINAL_OUTCOMES],
    proceedings: [u32; count::PROCEEDINGS],
    misconduct_all: [u32; count::MISCONDUCT_OUTCOMES],
    misconduct_cases: [u32; count::MISCONDUCT_OUTCOMES],
    criminal_by_category: [[u32; count::CRIMINAL_OUTCOMES]; count::CATEGORIES],
    misconduct_by_category: [[u32; count::MISCONDUCT_OUTCOMES]; count::CATEGORIES],
}

impl Accumulator {
    /// Empty totals with histograms sized to the table's calendar.
    pub fn new(calendar: &Calendar) -> Self {
        // Days are i64 here and spans capped at what a two-byte offset names, so no calendar
        // (one read from damaged bytes included) can overflow or size a histogram beyond that.
        let span = |first: i32| i64::from(calendar.as_of) - i64::from(first);
        let weeks = |first: Option<i32>| first.map_or(0, |f| (span(f).max(-7) / 7 + 1).clamp(0, i64::from(MAX_OFFSET) / 7 + 1) as usize);
        let completion_days = calendar.first_completion_week.map_or(0, |f| (span(f) + 1).clamp(0, i64::from(MAX_OFFSET) + 1) as usize);
        let outcome_months = calendar.longest_outcome_months.min(MAX_OFFSET as usize) + 1;
        Accumulator {
            records: 0,
            completions_by_offset: vec![0; completion_days],
            court: vec![0; weeks(calendar.first_court_week) * count::COURT_GROUPS],
            court_total: 0,
            scheduled: 0,
            misconduct_months: vec![0; outcome_months],
            criminal_months: vec![0; outcome_months],
            subject_joint: [0; joint::BYTE_RANGE],
            outcomes_without_month: [0; 2],
            by_block: [0; BLOCK_RANGE],
            review_joint: [0; joint::BYTE_RANGE],
            criminal_joint: [0; joint::BYTE_RANGE],
            misconduct_joint: [0; joint::MISCONDUCT_RANGE],
            source_force: [0; joint::BYTE_RANGE],
        }
    }

    /// Adds record `i`.
    pub fn add(&mut self, t: &RecordColumns, i: usize) {
        self.records += 1;
        self.by_block[usize::from(t.block[i]) & (BLOCK_RANGE - 1)] += 1;
        self.review_joint[usize::from(t.review_code[i])] += 1;
        self.criminal_joint[usize::from(t.criminal_code[i])] += 1;
        self.misconduct_joint[usize::from(t.misconduct_code[i]) & (joint::MISCONDUCT_RANGE - 1)] += 1;
        self.source_force[usize::from(t.source_force[i])] += 1;
        self.subject_joint[usize::from(t.subject_code[i])] += 1;
        if let Some(slot) = self.completions_by_offset.get_mut(usize::from(t.completion_offset[i])) {
            *slot += 1;
        }
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
        if let Some(slot) = self.misconduct_months.get_mut(usize::from(t.misconduct_months[i])) {
            *slot += 1;
        }
        if let Some(slot) = self.criminal_months.get_mut(usize::from(t.criminal_months[i])) {
            *slot += 1;
        }
        let without_month = |date: i32, months: u16| u32::from(date != NO_DAY && months == NONE);
        self.outcomes_without_month[0] += without_month(t.misconduct_outcome_date[i], t.misconduct_months[i]);
        self.outcomes_without_month[1] += without_month(t.criminal_outcome_date[i], t.criminal_months[i]);
    }

    /// Adds another accumulator's totals (a precomputed block).
    pub fn merge(&mut self, other: &Accumulator) {
        fn add_all(into: &mut [u32], from: &[u32]) {
            for (a, b) in into.iter_mut().zip(from) {
                *a += b;
            }
        }
        self.records += other.records;
        self.court_total += other.court_total;
        self.scheduled += other.scheduled;
        add_all(&mut self.by_block, &other.by_block);
        add_all(&mut self.review_joint, &other.review_joint);
        add_all(&mut self.criminal_joint, &other.criminal_joint);
        add_all(&mut self.misconduct_joint, &other.misconduct_joint);
        add_all(&mut self.source_force, &other.source_force);
        add_all(&mut self.subject_joint, &other.subject_joint);
        add_all(&mut self.outcomes_without_month, &other.outcomes_without_month);
        add_all(&mut self.completions_by_offset, &other.completions_by_offset);
        add_all(&mut self.misconduct_months, &other.misconduct_months);
        add_all(&mut self.criminal_months, &other.criminal_months);
        add_all(&mut self.court, &other.court);
    }

    /// Sums the separate tallies out of the joint histograms.
    fn tallies(&self) -> Tallies {
        let mut t = Tallies {
            by_role: [0; count::ROLES],
            by_category: [0; count::CATEGORIES],
            by_source: [0; count::SOURCES],
            review_status: [0; count::REVIEW_STATUSES],
            review_result: [0; count::REVIEW_RESULTS],
            charged: 0,
            charged_by_group: [0; count::OFFENCE_GROUPS],
            criminal: [0; count::CRIMINAL_OUTCOMES],
            proceedings: [0; count::PROCEEDINGS],
            misconduct_all: [0; count::MISCONDUCT_OUTCOMES],
            misconduct_cases: [0; count::MISCONDUCT_OUTCOMES],
            criminal_by_category: [[0; count::CRIMINAL_OUTCOMES]; count::CATEGORIES],
            misconduct_by_category: [[0; count::MISCONDUCT_OUTCOMES]; count::CATEGORIES],
        };
        for (block, &n) in self.by_block.iter().enumerate().take(BLOCKS) {
            t.by_role[code_in_block(block, FilterDimension::Role)] += n;
            t.by_category[code_in_block(block, FilterDimension::Category)] += n;
            t.by_source[code_in_block(block, FilterDimension::Source)] += n;
        }
        for (code, &n) in self.review_joint.iter().enumerate().take(joint::REVIEW) {
            let (status, result) = joint::split_review(code);
            t.review_status[status] += n;
            if status == ReviewStatus::Completed.index() {
                t.review_result[result] += n;
            }
        }
        for (code, &n) in self.criminal_joint.iter().enumerate().take(joint::CRIMINAL).skip(1) {
            let (outcome, group, category) = joint::split_criminal(code);
            t.charged += n;
            t.charged_by_group[group] += n;
            t.criminal[outcome] += n;
            t.criminal_by_category[category][outcome] += n;
        }
        let no_proceedings = Proceedings::NoProceedings.index();
        for (code, &n) in self.misconduct_joint.iter().enumerate().take(joint::MISCONDUCT) {
            let (outcome, proceedings, category) = joint::split_misconduct(code);
            t.misconduct_all[outcome] += n;
            t.proceedings[proceedings] += n;
            // A misconduct case has a recorded misconduct outcome or proceedings (a meeting or a
            // hearing); "No proceedings" alone does not make one.
            let recorded = outcome < MisconductOutcome::ALL.len();
            let in_proceedings = proceedings < Proceedings::ALL.len() && proceedings != no_proceedings;
            if recorded || in_proceedings {
                t.misconduct_cases[outcome] += n;
                t.misconduct_by_category[category][outcome] += n;
            }
        }
        t
    }

    /// Every aggregate of the totals, on the table's calendar, with the review `target` day.
    pub fn finish(self, calendar: &Calendar, target: Option<i32>) -> Aggregates {
        let t = self.tallies();
        let court_per_week: Vec<(NaiveDate, [u32; count::COURT_GROUPS])> = match calendar.first_court_week {
            Some(first) => self
                .court
                .chunks_exact(count::COURT_GROUPS)
                .enumerate()
                .map(|(w, counts)| (from_day(first + 7 * w as i32), std::array::from_fn(|g| counts[g])))
                .collect(),
            None => Vec::new(),
        };
        let first = calendar.first_completion_week.unwrap_or(0);
        let by_week: Vec<u32> = self.completions_by_offset.chunks(7).map(|week| week.iter().sum()).collect();
        let cumulative_by_week = cumulative(&by_week, |w| from_day(first + 7 * w as i32));
        let first_month = month_number(from_day(first));
        let months = self
            .completions_by_offset
            .len()
            .checked_sub(1)
            .map_or(0, |last| usize::from(calendar.month_of_offset.get(last).copied().unwrap_or(0)) + 1);
        let mut by_month = vec![0u32; months];
        for (offset, n) in self.completions_by_offset.iter().enumerate() {
            if let Some(slot) = calendar.month_of_offset.get(offset).and_then(|&m| by_month.get_mut(usize::from(m))) {
                *slot += n;
            }
        }
        let cumulative_by_month = cumulative(&by_month, |m| month_start(first_month + m as i32));
        let completed_by_target: u32 = match target.map(|d| d - first) {
            Some(o) if o >= 0 => self.completions_by_offset.iter().take(o as usize + 1).sum(),
            _ => 0,
        };
        let in_review = t.review_status[..ReviewStatus::ALL.len()].iter().sum::<u32>();
        let completed = t.review_status[ReviewStatus::Completed.index()];
        let projection = project(&cumulative_by_week, in_review, completed, from_day(calendar.as_of));
        let mut court_groups = [0u32; count::OFFENCE_GROUPS];
        for (code, n) in self.court.iter().enumerate() {
            court_groups[code % count::COURT_GROUPS] += n;
        }
        let other_force_by_source: [u32; count::SOURCES] =
            std::array::from_fn(|source| self.source_force[source * count::OTHER_FORCE + OtherForce::Yes.index()]);
        let other_force_withheld =
            (0..count::SOURCES).map(|source| self.source_force[source * count::OTHER_FORCE + OtherForce::Withheld.index()]).sum();
        let people = &People::of(&self.subject_joint);
        Aggregates {
            records: self.records,
            distinct_subjects: people.subjects,
            subjects_with_2_or_more_cases: people.subjects_with[0],
            subjects_with_3_or_more_cases: people.subjects_with[1],
            subjects_with_4_or_more_cases: people.subjects_with[2],
            earlier_cases_of_repeat_subjects: people.earlier_cases,
            earlier_case_outcomes_of_repeat_subjects: tally_labels::<MisconductOutcome>(&people.earlier_outcomes),
            cases_by_role: tally_labels::<Role>(&t.by_role),
            cases_by_allegation_category: tally_labels::<AllegationCategory>(&t.by_category),
            cases_by_source: tally_labels::<Source>(&t.by_source),
            other_force_cases_by_source: tally_labels::<Source>(&other_force_by_source),
            other_force_withheld,
            review: ReviewProgress {
                in_review,
                completed,
                status: review_status_labels(&t.review_status),
                result_of_completed: tally_labels::<ReviewResult>(&t.review_result),
                target: target.map(from_day),
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
                by_offence_group: tally_labels::<OffenceGroup>(&court_groups),
                charged: t.charged,
                charged_by_offence_group: tally_labels::<OffenceGroup>(&t.charged_by_group),
            },
            outcomes: Outcomes {
                criminal: tally_labels::<CriminalOutcome>(&t.criminal),
                misconduct: tally_labels::<MisconductOutcome>(&t.misconduct_cases),
                misconduct_all_cases: tally_labels::<MisconductOutcome>(&t.misconduct_all),
                proceedings: tally_labels::<Proceedings>(&t.proceedings),
                criminal_by_category: by_category::<CriminalOutcome>(&t.criminal_by_category),
                misconduct_by_category: by_category::<MisconductOutcome>(&t.misconduct_by_category),
            },
            time_to_outcome: TimeToOutcome {
                misconduct: quartiles(&self.misconduct_months),
                criminal: quartiles(&self.criminal_months),
                left_out: self.outcomes_without_month.iter().sum(),
            },
        }
    }

    /// Writes the totals (see the codec); mostly-zero histograms sparsely.
    pub fn write(&self, w: &mut Writer) {
        w.u32s(&[self.records, self.court_total, self.scheduled]);
        for histogram in [&self.completions_by_offset, &self.court, &self.misconduct_months, &self.criminal_months] {
            w.sparse(histogram);
        }
        for histogram in [
            &self.by_block[..],
            &self.review_joint,
            &self.criminal_joint,
            &self.misconduct_joint,
            &self.source_force,
            &self.subject_joint,
            &self.outcomes_without_month,
        ] {
            w.sparse(histogram);
        }
    }

    /// Reads totals written by [`Accumulator::write`].
    pub fn read(r: &mut dyn ColumnSource) -> Result<Accumulator, TableBytesError> {
        let [records, court_total, scheduled] = codec::array::<3>(r.u32s()?)?;
        Ok(Accumulator {
            records,
            court_total,
            scheduled,
            completions_by_offset: codec::read_sparse(r)?,
            court: codec::read_sparse(r)?,
            misconduct_months: codec::read_sparse(r)?,
            criminal_months: codec::read_sparse(r)?,
            by_block: codec::array(codec::read_sparse(r)?)?,
            review_joint: codec::array(codec::read_sparse(r)?)?,
            criminal_joint: codec::array(codec::read_sparse(r)?)?,
            misconduct_joint: codec::array(codec::read_sparse(r)?)?,
            source_force: codec::array(codec::read_sparse(r)?)?,
            subject_joint: codec::array(codec::read_sparse(r)?)?,
            outcomes_without_month: codec::array(codec::read_sparse(r)?)?,
        })
    }
}

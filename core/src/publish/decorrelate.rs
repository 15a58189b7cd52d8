//! Within each group of records that share their published quasi-identifiers, the review
//! columns, the event columns (charge, court, outcomes) and the subject columns are paired in
//! a fixed order (each set sorted on its own) instead of as they were. Court lists and hearing
//! outcomes are public, so a row can be found from its events alone; what it then tells a
//! reader is its group (at least `min_cell_count` records), never the found case's own review
//! result or number of reports. Every figure reads the quasi-identifiers with one of these
//! sets at a time, so every figure stays exact. The pairing depends only on each set's values,
//! so it carries nothing of the true one (no key, nothing to recover).

use crate::model::Case;
use crate::period::Period;

/// The review columns of a record.
type Review = (Option<crate::model::ReviewStatus>, Option<chrono::NaiveDate>, Option<crate::model::ReviewResult>);

/// The event columns of a record (public in court lists and hearing outcomes).
type Events = (
    (Option<chrono::NaiveDate>, Option<crate::model::OffenceGroup>, Option<chrono::NaiveDate>),
    (Option<crate::model::CriminalOutcome>, Option<chrono::NaiveDate>),
    (Option<crate::model::Proceedings>, Option<crate::model::MisconductOutcome>, Option<chrono::NaiveDate>),
);

/// The subject columns of a record.
type Subject = (crate::model::SubjectCases, Option<crate::model::MisconductOutcome>);

fn review(c: &Case) -> Review {
    (c.review_status, c.review_completed_date, c.review_result)
}

fn events(c: &Case) -> Events {
    (
        (c.charged_date, c.offence_group, c.court_date),
        (c.criminal_outcome, c.criminal_outcome_date),
        (c.proceedings, c.misconduct_outcome, c.misconduct_outcome_date),
    )
}

fn subject(c: &Case) -> Subject {
    (c.subject_cases, c.earlier_case_outcome)
}

/// Re-pairs the review, event and subject columns within each group of `records` (see the
/// module's documentation).
pub(super) fn decorrelate(records: &mut [(Period, Case)]) {
    // Records in group order (one sort, not a list per group: a million records in many small
    // groups would otherwise allocate a list for each).
    let group = |(period, c): &(Period, Case)| (*period, c.role, c.allegation_category, c.source, c.other_force);
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_unstable_by_key(|&i| group(&records[i]));
    let (mut reviews, mut all_events, mut subjects): (Vec<Review>, Vec<Events>, Vec<Subject>) = (Vec::new(), Vec::new(), Vec::new());
    let mut start = 0;
    while start < order.len() {
        let key = group(&records[order[start]]);
        let end = start + order[start..].partition_point(|&i| group(&records[i]) == key);
        let members = &order[start..end];
        start = end;
        reviews.clear();
        all_events.clear();
        subjects.clear();
        reviews.extend(members.iter().map(|&i| review(&records[i].1)));
        all_events.extend(members.iter().map(|&i| events(&records[i].1)));
        subjects.extend(members.iter().map(|&i| subject(&records[i].1)));
        reviews.sort_unstable();
        all_events.sort_unstable();
        subjects.sort_unstable();
        for (((&i, &r), &e), &s) in members.iter().zip(&reviews).zip(&all_events).zip(&subjects) {
            let c = &mut records[i].1;
            (c.review_status, c.review_completed_date, c.review_result) = r;
            (
                (c.charged_date, c.offence_group, c.court_date),
                (c.criminal_outcome, c.criminal_outcome_date),
                (c.proceedings, c.misconduct_outcome, c.misconduct_outcome_date),
            ) = e;
            (c.subject_cases, c.earlier_case_outcome) = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use std::collections::BTreeMap;

    /// The demo extract at its months (groups by the quasi-identifiers before generalising).
    fn records() -> Vec<(Period, Case)> {
        sample::demo_cases(sample::DEMO_SEED).into_iter().map(|c| (Period::month_of(c.reported_date), c)).collect()
    }

    #[test]
    fn the_pairing_served_does_not_depend_on_the_true_one() {
        let mut served = records();
        decorrelate(&mut served);
        // The same cases with their subject and review columns re-paired within each group
        // (rotated): the served rows are the same.
        let mut shuffled = records();
        let mut groups: BTreeMap<_, Vec<usize>> = BTreeMap::new();
        for (i, (p, c)) in shuffled.iter().enumerate() {
            groups.entry((*p, c.role, c.allegation_category, c.source, c.other_force)).or_default().push(i);
        }
        let mut moved = 0;
        for members in groups.values().filter(|m| m.len() > 1) {
            let subjects: Vec<Subject> = members.iter().map(|&i| subject(&shuffled[i].1)).collect();
            let reviews: Vec<Review> = members.iter().map(|&i| review(&shuffled[i].1)).collect();
            for (k, &i) in members.iter().enumerate() {
                let from = (k + 1) % members.len();
                let c = &mut shuffled[i].1;
                moved += usize::from(subject(c) != subjects[from]);
                (c.subject_cases, c.earlier_case_outcome) = subjects[from];
                (c.review_status, c.review_completed_date, c.review_result) = reviews[from];
            }
        }
        assert!(moved > 100, "the test re-pairs many rows ({moved})");
        decorrelate(&mut shuffled);
        assert_eq!(served, shuffled);
    }

    #[test]
    fn each_group_keeps_its_values() {
        let mut served = records();
        decorrelate(&mut served);
        let original = records();
        type Key =
            (Period, crate::model::Role, crate::model::AllegationCategory, Option<crate::model::Source>, Option<crate::model::OtherForce>);
        let key = |p: &Period, c: &Case| -> Key { (*p, c.role, c.allegation_category, c.source, c.other_force) };
        let tally = |rows: &[(Period, Case)]| {
            let mut r: BTreeMap<(Key, Review), usize> = BTreeMap::new();
            let mut e: BTreeMap<(Key, Events), usize> = BTreeMap::new();
            let mut s: BTreeMap<(Key, Subject), usize> = BTreeMap::new();
            for (p, c) in rows {
                *r.entry((key(p, c), review(c))).or_default() += 1;
                *e.entry((key(p, c), events(c))).or_default() += 1;
                *s.entry((key(p, c), subject(c))).or_default() += 1;
            }
            (r, e, s)
        };
        assert!(tally(&served) == tally(&original), "each group keeps its review, event and subject values");
        assert_ne!(served, original, "but not their pairing");
    }
}

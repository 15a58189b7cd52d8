//! From pseudonyms to what the repeat-report figures need of each case
//! ([`SubjectCases`]): on a subject's latest case, how many cases they have; on each earlier
//! case, that it is an earlier one. An internal extract gets these from its pseudonyms when it
//! is loaded; a public release carries them instead of any pseudonym, so no served file links
//! two cases of one person.

use crate::model::{Case, SubjectCases};
use chrono::Datelike;

/// Marks every case with its place among its subject's cases. A subject's cases are ordered by
/// reported date, then case ID; the last is the latest.
pub fn mark_subject_cases(cases: &mut [Case]) {
    // A packed (subject, day) key sorts as the case table's rows do (the same sort, so the
    // page carries its code once); ties, rare, are put in case ID order by insertion.
    let day = |c: &Case| u64::from(c.reported_date.num_days_from_ce().max(0) as u32);
    let mut keyed: Vec<(u64, u32)> = cases.iter().enumerate().map(|(i, c)| (u64::from(c.subject_ref.0) << 32 | day(c), i as u32)).collect();
    keyed.sort_unstable();
    let mut order: Vec<usize> = keyed.iter().map(|&(_, i)| i as usize).collect();
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && keyed[j - 1].0 == keyed[i].0 && cases[order[j - 1]].case_id > cases[order[j]].case_id {
            order.swap(j - 1, j);
            j -= 1;
        }
    }
    let mut start = 0;
    while start < order.len() {
        let subject = keyed[start].0 >> 32;
        let end = start + keyed[start..].partition_point(|k| k.0 >> 32 == subject);
        for &i in &order[start..end - 1] {
            cases[i].subject_cases = SubjectCases::Earlier;
            cases[i].earlier_case_outcome = cases[i].misconduct_outcome;
        }
        let latest = &mut cases[order[end - 1]];
        latest.subject_cases = SubjectCases::latest_of(end - start);
        latest.earlier_case_outcome = None;
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CaseId, SubjectRef};
    use chrono::NaiveDate;

    fn case(id: &str, subject: u32, day: u32) -> Case {
        let reported = NaiveDate::from_ymd_opt(2023, 1, day).unwrap_or_default();
        Case {
            case_id: CaseId::parse(id).unwrap_or_default(),
            subject_ref: SubjectRef(subject),
            reported_date: reported,
            reported_until: reported,
            ..Case::default()
        }
    }

    #[test]
    fn the_latest_case_carries_the_count_and_the_rest_are_earlier() {
        let mut cases = vec![case("a", 1, 5), case("b", 2, 1), case("c", 1, 2), case("d", 1, 9), case("e", 3, 1), case("f", 3, 1)];
        mark_subject_cases(&mut cases);
        let marks: Vec<&str> = cases.iter().map(|c| c.subject_cases.label()).collect();
        // Subject 1: c (2 Jan), a (5 Jan), d (9 Jan, latest of 3); subject 3: a tie on the date
        // is settled by case ID, so f is the latest.
        assert_eq!(marks, ["Earlier", "1", "Earlier", "3", "Earlier", "2"]);
        // Earlier cases carry their misconduct outcome beside the mark; latest ones none.
        let mut with_outcome = vec![case("a", 1, 1), case("b", 1, 2)];
        with_outcome[0].misconduct_outcome = Some(crate::model::MisconductOutcome::NoCaseToAnswer);
        with_outcome[1].misconduct_outcome = Some(crate::model::MisconductOutcome::WrittenWarning);
        mark_subject_cases(&mut with_outcome);
        assert_eq!(with_outcome[0].earlier_case_outcome, Some(crate::model::MisconductOutcome::NoCaseToAnswer));
        assert_eq!(with_outcome[1].earlier_case_outcome, None);
    }
}

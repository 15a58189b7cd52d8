//! From pseudonyms to what the repeat-report figures need of each case
//! ([`SubjectCases`]): on a subject's latest case, how many cases they have; on each earlier
//! case, that it is an earlier one. An internal extract gets these from its pseudonyms when it
//! is loaded; a public release carries them instead of any pseudonym, so no served file links
//! two cases of one person.

use crate::model::{Case, SubjectCases};

/// Marks every case with its place among its subject's cases. A subject's cases are ordered by
/// reported date, then case ID; the last is the latest.
pub fn mark_subject_cases(cases: &mut [Case]) {
    let mut order: Vec<usize> = (0..cases.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (&cases[a], &cases[b]);
        (a.subject_ref, a.reported_date, a.case_id).cmp(&(b.subject_ref, b.reported_date, b.case_id))
    });
    let subjects: Vec<_> = order.iter().map(|&i| cases[i].subject_ref).collect();
    let mut start = 0;
    while start < order.len() {
        let end = start + subjects[start..].partition_point(|s| *s == subjects[start]);
        for &i in &order[start..end - 1] {
            cases[i].subject_cases = SubjectCases::Earlier;
        }
        cases[order[end - 1]].subject_cases = SubjectCases::latest_of(end - start);
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
    }
}

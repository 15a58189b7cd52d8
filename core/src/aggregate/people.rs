//! The people figures: distinct people, people with several cases, and how the earlier cases
//! of repeat subjects ended, summed out of the subject-cases × earlier-case-outcome histogram.
//! Each case carries where it stands among its subject's cases ([`SubjectCases`]), so a
//! person is counted once, at their latest case, with how many cases they have in the whole
//! release; their earlier cases are counted where they fall. No pass needs a pseudonym.

use super::codes::{count, joint};
use crate::model::{AllowedValue, SubjectCases};

/// The people figures of a selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct People {
    /// Distinct subjects (whose latest case is selected).
    pub subjects: u32,
    /// Subjects with 2, 3 and 4 or more cases.
    pub subjects_with: [u32; 3],
    /// Cases of repeat subjects other than their latest.
    pub earlier_cases: u32,
    /// How those earlier cases ended, by misconduct outcome code.
    pub earlier_outcomes: [u32; count::MISCONDUCT_OUTCOMES],
}

impl People {
    /// The figures of a subject-cases × earlier-case-outcome histogram (see `joint::subject`).
    pub fn of(subject_joint: &[u32]) -> People {
        let mut by_mark = [0u32; SubjectCases::COUNT];
        let mut people = People::default();
        for (code, &n) in subject_joint.iter().enumerate().take(joint::SUBJECT) {
            let (mark, outcome) = joint::split_subject(code);
            by_mark[mark] += n;
            if mark == SubjectCases::Earlier.index() {
                people.earlier_outcomes[outcome] += n;
            }
        }
        let latest = |m: SubjectCases| by_mark[m.index()];
        let (two, three, four) = (latest(SubjectCases::Two), latest(SubjectCases::Three), latest(SubjectCases::FourOrMore));
        people.subjects = latest(SubjectCases::One) + two + three + four;
        people.subjects_with = [two + three + four, three + four, four];
        people.earlier_cases = latest(SubjectCases::Earlier);
        people
    }
}

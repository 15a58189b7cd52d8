//! Published commitments from `dataset.json`, evaluated against the figures: each is met, at
//! risk or missed, with the evidence in words. Always evaluated on the whole release (a filter
//! changes what is shown, not whether a promise was kept).

use crate::aggregate::{Aggregates, Projection};
use crate::dates::long_date;
use crate::disclose::{disclose, thousands, Cell};
use crate::metadata::{Commitment, CommitmentRule};
use crate::related::{court_cells, review_cells, review_running_total};
use crate::words::{tr, trf};
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// Where a commitment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    /// Kept.
    Met,
    /// Not yet kept, and not yet broken: the deadline has not passed, or the record is mixed.
    AtRisk,
    /// Broken.
    Missed,
}

impl CommitmentStatus {
    /// The status in words, for people (never colour alone).
    pub fn label(self) -> &'static str {
        match self {
            CommitmentStatus::Met => tr("met"),
            CommitmentStatus::AtRisk => tr("at risk"),
            CommitmentStatus::Missed => tr("missed"),
        }
    }
}

/// A commitment with its status and the evidence for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentResult {
    /// The commitment's id.
    pub id: String,
    /// The commitment as made.
    pub title: String,
    /// Who made it.
    pub source: String,
    /// Met, at risk or missed.
    pub status: CommitmentStatus,
    /// The figures behind the status, in one sentence, with small counts as `[c]`.
    pub evidence: String,
}

/// Evaluates every commitment against aggregates of the whole release.
pub fn evaluate(commitments: &[Commitment], a: &Aggregates, as_of: NaiveDate, min_cell_count: u32) -> Vec<CommitmentResult> {
    commitments
        .iter()
        .map(|c| {
            let (status, evidence) = match c.rule {
                CommitmentRule::ReviewCompleteBy { by } => review_by(a, by, as_of, min_cell_count),
                CommitmentRule::CourtAppearancesPerWeek { min, max, from } => court_per_week(a, min, max, from, as_of, min_cell_count),
            };
            CommitmentResult { id: c.id.clone(), title: c.title.clone(), source: c.source.clone(), status, evidence }
        })
        .collect()
}

fn review_by(a: &Aggregates, by: NaiveDate, as_of: NaiveDate, min: u32) -> (CommitmentStatus, String) {
    let r = &a.review;
    // The counts as the figures disclose them (related counts together), so the evidence
    // never states a count the figures hide.
    let cells = review_cells(a, min);
    let completed = cells.status.get(2).copied().unwrap_or(Cell::Shown(0));
    let (done, all) = (review_running_total(a, completed, as_of, min).by_target, cells.in_review);
    if r.in_review == 0 {
        return (CommitmentStatus::AtRisk, tr("No cases in the data are part of the review.").into());
    }
    let all_done = r.completed_by_target == r.in_review;
    if as_of >= by {
        let status = if all_done { CommitmentStatus::Met } else { CommitmentStatus::Missed };
        return (status, trf("{} of {} completed by {}: {}.", &[&done, &all, &long_date(by), &status.label()]));
    }
    if r.completed == r.in_review {
        return (CommitmentStatus::Met, trf("All {} completed by {}, before the {} deadline.", &[&all, &long_date(as_of), &long_date(by)]));
    }
    let pace = match r.projection {
        // The date would give away a small count of recent completions.
        Projection::OnTrack { completed_last_4_weeks, .. } if disclose(completed_last_4_weeks, min).is_suppressed() => {
            tr("too few reviews were completed in the last 4 weeks to project a finish date without revealing a small count").into()
        }
        Projection::OnTrack { date, .. } if date <= by => {
            trf("at the pace of the last 4 weeks it would finish on {}, before the deadline", &[&long_date(date)])
        }
        Projection::OnTrack { date, .. } => {
            trf("at the pace of the last 4 weeks it would finish on {}, after the deadline", &[&long_date(date)])
        }
        _ => tr("no review was completed in the last 4 weeks").into(),
    };
    (
        CommitmentStatus::AtRisk,
        trf(
            "{} of {} completed by {}, with {} days to the deadline; {}.",
            &[&completed, &all, &long_date(as_of), &(by - as_of).num_days(), &pace],
        ),
    )
}

/// Met when the average since `from` is within the range; at risk when only the average over
/// the last 12 weeks, or only the one since `from`, is within it; missed when neither is.
fn court_per_week(a: &Aggregates, min: f64, max: f64, from: NaiveDate, as_of: NaiveDate, k: u32) -> (CommitmentStatus, String) {
    let counts: Vec<u32> = a.court.weeks.iter().map(|(_, n)| *n).collect();
    // Weeks as the figures disclose them: an average is stated only when the sum behind it
    // is one the shown weeks already give (no hidden week inside it, or none outside it).
    let court = court_cells(a, k);
    let (cells, total_shown) = (court.weeks, !court.total.is_suppressed());
    let in_range: Vec<usize> =
        (0..counts.len()).filter(|&i| a.court.weeks[i].0 + Duration::days(6) >= from && a.court.weeks[i].0 <= as_of).collect();
    if in_range.is_empty() {
        return (CommitmentStatus::AtRisk, trf("No weeks of court data since {}.", &[&long_date(from)]));
    }
    let since: Vec<u32> = in_range.iter().map(|&i| counts[i]).collect();
    let average = |weeks: &[u32]| f64::from(weeks.iter().sum::<u32>()) / weeks.len() as f64;
    let shown_sum = |window: &[usize]| {
        window.iter().all(|&i| !cells[i].is_suppressed())
            || (total_shown && (0..counts.len()).filter(|i| !window.contains(i)).all(|i| !cells[i].is_suppressed()))
    };
    let overall = average(&since);
    let recent_window = &in_range[in_range.len().saturating_sub(12)..];
    let recent = average(&since[since.len().saturating_sub(12)..]);
    let within = |x: f64| (min..=max).contains(&x);
    let status = match (within(overall), within(recent)) {
        (true, true) => CommitmentStatus::Met,
        (false, false) => CommitmentStatus::Missed,
        _ => CommitmentStatus::AtRisk,
    };
    let state = |x: f64, window: &[usize]| if shown_sum(window) { format!("{x:.1}") } else { "[c]".into() };
    let recent_words = if shown_sum(recent_window) {
        trf("{} in the last 12 weeks", &[&format!("{:.1}", recent)])
    } else {
        tr("the last 12 weeks' average is not shown: it would give away a week shown as [c]").into()
    };
    let evidence = trf(
        "{} first court appearances a week on average over {} weeks since {} ({}), against {}–{}: {}.",
        &[&state(overall, &in_range), &thousands(since.len() as u32), &long_date(from), &recent_words, &min, &max, &status.label()],
    );
    (status, evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::aggregate;
    use crate::sample;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn demo_commitments_are_evaluated_with_evidence() {
        let meta = sample::demo_metadata();
        let cases = sample::demo_cases(sample::DEMO_SEED);
        let a = aggregate(&cases, meta.as_of, meta.review_target());
        let results = evaluate(&meta.commitments, &a, meta.as_of, meta.min_cell_count);
        let review = &results[0];
        assert_eq!(review.status, CommitmentStatus::Missed);
        let expected =
            format!("{} of {} completed by 31 March 2023: missed.", thousands(a.review.completed_by_target), thousands(a.review.in_review));
        assert_eq!(review.evidence, expected);
        let court = &results[1];
        assert!(court.evidence.contains("against 2–3"), "{}", court.evidence);
    }

    #[test]
    fn review_before_the_deadline_is_at_risk_until_done() {
        let meta = sample::demo_metadata();
        let cases = sample::demo_cases(sample::DEMO_SEED);
        let early = ymd(2023, 2, 28);
        let a = aggregate(&cases, early, meta.review_target());
        let results = evaluate(&meta.commitments[..1], &a, early, 3);
        assert_eq!(results[0].status, CommitmentStatus::AtRisk);
        assert!(results[0].evidence.contains("31 days to the deadline"), "{}", results[0].evidence);
    }

    #[test]
    fn weekly_range_statuses() {
        let rule = |min: f64, max: f64| Commitment {
            id: "c".into(),
            title: "t".into(),
            source: String::new(),
            rule: CommitmentRule::CourtAppearancesPerWeek { min, max, from: ymd(2023, 1, 1) },
        };
        let meta = sample::demo_metadata();
        let a = aggregate(&sample::demo_cases(sample::DEMO_SEED), meta.as_of, None);
        let status = |min, max| evaluate(&[rule(min, max)], &a, meta.as_of, 3)[0].status;
        assert_eq!(status(0.0, 100.0), CommitmentStatus::Met);
        assert_eq!(status(50.0, 60.0), CommitmentStatus::Missed);
    }
}

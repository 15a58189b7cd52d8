//! The `scrutiny summary --json` document: every aggregate under a stable key, as raw counts or
//! disclosed (`[c]`) with the same rules the page uses. Keys are documented in
//! docs/SUMMARY-JSON.md; each figure means exactly what its key says.

use crate::aggregate::{Aggregates, Category, Projection, Quartiles};
use crate::dates::iso_week_key;
use crate::disclose::{disclose, disclose_parts, disclose_within, Cell};
use crate::figures::Figures;
use crate::model::{AllowedValue, OffenceGroup};
use crate::related::{court_cells, people_cells, review_cells, review_running_total};
use chrono::NaiveDate;
use serde_json::{json, Map, Value};

/// What `summary --disclosed` writes for a table it does not disclose (see docs/SUMMARY-JSON.md).
pub const NOT_DISCLOSED: &str = "not disclosed: raw counts only";

/// How counts are written: raw, or disclosed under `min_cell_count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counts {
    /// Exact counts, for publishers checking a file before release.
    Raw,
    /// Counts as published: 1 to `min_cell_count - 1` shown as `[c]`, with secondary
    /// suppression within each table.
    Disclosed {
        /// The smallest count that may be shown.
        min_cell_count: u32,
    },
}

impl Counts {
    fn one(self, n: u32) -> Value {
        match self {
            Counts::Raw => json!(n),
            Counts::Disclosed { min_cell_count } => cell(disclose(n, min_cell_count)),
        }
    }

    /// A table of parts of a total: secondary suppression applies across its cells.
    fn table(self, categories: &[Category]) -> Value {
        let counts: Vec<u32> = categories.iter().map(|c| c.count).collect();
        let cells: Vec<Value> = match self {
            Counts::Raw => counts.iter().map(|n| json!(n)).collect(),
            Counts::Disclosed { min_cell_count } => disclose_parts(&counts, min_cell_count).into_iter().map(cell).collect(),
        };
        Value::Object(categories.iter().map(|c| c.label.clone()).zip(cells).collect())
    }

    /// A series of running totals: each value is disclosed on its own.
    fn series(self, points: impl Iterator<Item = (String, u32)>) -> Value {
        Value::Object(points.map(|(k, n)| (k, self.one(n))).collect())
    }

    /// Quartiles are shown only for groups of at least `min_cell_count` cases: the median of one
    /// or two cases would be an individual's value.
    fn quartiles(self, q: Option<Quartiles>) -> Value {
        let Some(q) = q else { return Value::Null };
        let hidden =
            matches!(self, Counts::Disclosed { min_cell_count } if q.cases < min_cell_count.max(crate::figures::MIN_CASES_FOR_QUARTILES));
        if hidden {
            return json!({ "cases": self.one(q.cases), "lower_quartile": "[c]", "median": "[c]", "upper_quartile": "[c]" });
        }
        json!({ "cases": self.one(q.cases), "lower_quartile": q.lower_quartile_months, "median": q.median_months, "upper_quartile": q.upper_quartile_months })
    }
}

fn cell(c: Cell) -> Value {
    serde_json::to_value(c).unwrap_or(Value::Null)
}

/// The `aggregates` object (`as_of`: the release's as-of date, where the running totals end).
pub fn aggregates_json(a: &Aggregates, as_of: NaiveDate, counts: Counts) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    put("records", counts.one(a.records));
    put("cases_by_role", counts.table(&a.cases_by_role));
    put("cases_by_allegation_category", counts.table(&a.cases_by_allegation_category));
    put("cases_by_source", counts.table(&a.cases_by_source));
    put("other_force_cases_by_source", counts.table(&a.other_force_cases_by_source));
    put("other_force_withheld", counts.one(a.other_force_withheld));
    put("review_status", counts.table(&a.review.status));
    put("reviews_in_review", counts.one(a.review.in_review));
    put("reviews_completed", counts.one(a.review.completed));
    put("review_target", json!(a.review.target));
    put("reviews_completed_by_target", counts.one(a.review.completed_by_target));
    put("review_result_of_completed_reviews", counts.table(&a.review.result_of_completed));
    put("reviews_completed_cumulative_by_week", counts.series(a.review.cumulative_by_week.iter().map(|(w, n)| (iso_week_key(*w), *n))));
    put(
        "reviews_completed_cumulative_by_month",
        counts.series(a.review.cumulative_by_month.iter().map(|(d, n)| (crate::dates::iso_month(*d), *n))),
    );
    put("review_projection", json!(a.review.projection));
    put("charged_cases", counts.one(a.court.charged));
    put("offence_group_of_charged_cases", counts.table(&a.court.charged_by_offence_group));
    put("court_appearances_total", counts.one(a.court.total));
    put("court_appearances_per_iso_week", court_weeks(a, counts));
    put("court_appearances_per_iso_week_by_offence_group", court_weeks_by_group(a, counts));
    put("court_appearances_by_offence_group", counts.table(&a.court.by_offence_group));
    put("scheduled_hearings_after_as_of", counts.one(a.court.scheduled_after_as_of));
    put("criminal_outcome_of_charged_cases", counts.table(&a.outcomes.criminal));
    put("proceedings", counts.table(&a.outcomes.proceedings));
    put("misconduct_outcome", counts.table(&a.outcomes.misconduct_all_cases));
    put("misconduct_outcome_of_misconduct_cases", counts.table(&a.outcomes.misconduct));
    put("criminal_outcome_of_charged_cases_by_allegation_category", by_category(&a.outcomes.criminal_by_category, counts));
    put("misconduct_outcome_of_misconduct_cases_by_allegation_category", by_category(&a.outcomes.misconduct_by_category, counts));
    put("time_to_misconduct_outcome_months", counts.quartiles(a.time_to_outcome.misconduct));
    put("time_to_criminal_outcome_months", counts.quartiles(a.time_to_outcome.criminal));
    put("outcomes_without_reported_month", counts.one(a.time_to_outcome.left_out));
    put("distinct_subject_refs", counts.one(a.distinct_subjects));
    put("subjects_with_2_or_more_cases", counts.one(a.subjects_with_2_or_more_cases));
    put("subjects_with_3_or_more_cases", counts.one(a.subjects_with_3_or_more_cases));
    put("subjects_with_4_or_more_cases", counts.one(a.subjects_with_4_or_more_cases));
    put("earlier_cases_of_repeat_subjects", counts.one(a.earlier_cases_of_repeat_subjects));
    put("misconduct_outcome_of_earlier_cases_of_repeat_subjects", counts.table(&a.earlier_case_outcomes_of_repeat_subjects));
    if let Counts::Disclosed { min_cell_count } = counts {
        disclose_related(&mut m, a, as_of, min_cell_count);
    }
    Value::Object(m)
}

/// Replaces the counts that are related to one another (a total and its parts in two
/// places, running totals, nested counts) by the page's disclosed cells, which are disclosed
/// together so that no two shown counts subtract to a small one.
fn disclose_related(m: &mut Map<String, Value>, a: &Aggregates, as_of: NaiveDate, min: u32) {
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    let review = review_cells(a, min);
    let labelled = |labels: &[Category], cells: &[Cell]| -> Value {
        Value::Object(labels.iter().zip(cells).map(|(l, c)| (l.label.clone(), cell(*c))).collect())
    };
    put("review_status", labelled(&a.review.status, &review.status));
    put("reviews_in_review", cell(review.in_review));
    let completed = review.status.get(2).copied().unwrap_or(Cell::Shown(0));
    put("reviews_completed", cell(completed));
    let running = review_running_total(a, completed, as_of, min);
    put("reviews_completed_by_target", cell(running.by_target));
    put("reviews_completed_cumulative_by_week", Value::Object(running.weeks.iter().map(|(w, c)| (iso_week_key(*w), cell(*c))).collect()));
    put(
        "reviews_completed_cumulative_by_month",
        Value::Object(running.months.iter().map(|(d, c)| (crate::dates::iso_month(*d), cell(*c))).collect()),
    );
    let people = people_cells(a, min);
    put("distinct_subject_refs", cell(people.distinct));
    put("subjects_with_2_or_more_cases", cell(people.repeat));
    put("subjects_with_3_or_more_cases", cell(people.three_or_more));
    put("subjects_with_4_or_more_cases", cell(people.bands[3]));
    put("earlier_cases_of_repeat_subjects", cell(people.earlier));
    let outcomes: Vec<u32> = a.earlier_case_outcomes_of_repeat_subjects.iter().map(|c| c.count).collect();
    put(
        "misconduct_outcome_of_earlier_cases_of_repeat_subjects",
        labelled(&a.earlier_case_outcomes_of_repeat_subjects, &disclose_within(people.earlier, &outcomes, min)),
    );
    let court = court_cells(a, min);
    put("court_appearances_total", cell(court.total));
    put("scheduled_hearings_after_as_of", cell(court.scheduled));
    put(
        "court_appearances_per_iso_week",
        Value::Object(a.court.weeks.iter().zip(&court.weeks).map(|((w, _), c)| (iso_week_key(*w), cell(*c))).collect()),
    );
    put("court_appearances_by_offence_group", labelled(&a.court.by_offence_group, &court.by_offence_group));
    let results: Vec<u32> = a.review.result_of_completed.iter().map(|c| c.count).collect();
    put("review_result_of_completed_reviews", labelled(&a.review.result_of_completed, &disclose_within(completed, &results, min)));
    if let Projection::OnTrack { completed_last_4_weeks, .. } = a.review.projection {
        if disclose(completed_last_4_weeks, min).is_suppressed() {
            // The projected date would give the small count away.
            put("review_projection", json!({ "status": "on_track", "date": "[c]", "completed_last_4_weeks": "[c]" }));
        }
    }
    // Tables the page does not show, whose cells repeat or split cells it does show: they
    // cannot be disclosed on their own without one giving away another's hidden cell.
    for key in [
        "misconduct_outcome",
        "proceedings",
        "offence_group_of_charged_cases",
        "court_appearances_per_iso_week_by_offence_group",
        "criminal_outcome_of_charged_cases_by_allegation_category",
        "misconduct_outcome_of_misconduct_cases_by_allegation_category",
    ] {
        put(key, Value::String(NOT_DISCLOSED.into()));
    }
    let sources = Figures::disclose(a, as_of, min, None).sources;
    put(
        "other_force_cases_by_source",
        Value::Object(sources.other_force_by_source.iter().map(|c| (c.label.clone(), cell(c.count))).collect()),
    );
}

/// Weekly appearances: the weeks are parts of the total, so secondary suppression applies.
fn court_weeks(a: &Aggregates, counts: Counts) -> Value {
    let categories: Vec<Category> = a.court.weeks.iter().map(|(w, n)| Category { label: iso_week_key(*w), count: *n }).collect();
    counts.table(&categories)
}

fn court_weeks_by_group(a: &Aggregates, counts: Counts) -> Value {
    let groups = OffenceGroup::all();
    let weeks = a.court.weeks_by_offence_group.iter().map(|(w, by_group)| {
        let row: Vec<Category> = groups.iter().zip(by_group).map(|(g, n)| Category { label: g.label().to_string(), count: *n }).collect();
        (iso_week_key(*w), counts.table(&row))
    });
    Value::Object(weeks.collect())
}

fn by_category(rows: &[(String, Vec<Category>)], counts: Counts) -> Value {
    Value::Object(rows.iter().map(|(category, cells)| (category.clone(), counts.table(cells))).collect())
}

/// The whole `scrutiny summary --json` document.
pub fn summary_json(a: &Aggregates, as_of: NaiveDate, counts: Counts, commitments: Value) -> Value {
    let disclosed = !matches!(counts, Counts::Raw);
    json!({
        "as_of": as_of,
        "disclosed": disclosed,
        "min_cell_count": match counts { Counts::Disclosed { min_cell_count } => json!(min_cell_count), Counts::Raw => Value::Null },
        "aggregates": aggregates_json(a, as_of, counts),
        "commitments": commitments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{aggregate::aggregate, sample};

    #[test]
    fn required_keys_are_present_with_zeros_and_not_recorded() {
        let cases = sample::demo_cases(sample::DEMO_SEED);
        let a = aggregate(&cases, sample::demo_as_of(), Some(sample::review_target()));
        let v = aggregates_json(&a, sample::demo_as_of(), Counts::Raw);
        for key in [
            "cases_by_role",
            "cases_by_allegation_category",
            "cases_by_source",
            "review_status",
            "review_result_of_completed_reviews",
            "reviews_completed_cumulative_by_month",
            "charged_cases",
            "offence_group_of_charged_cases",
            "court_appearances_total",
            "court_appearances_per_iso_week",
            "scheduled_hearings_after_as_of",
            "criminal_outcome_of_charged_cases",
            "proceedings",
            "misconduct_outcome",
            "distinct_subject_refs",
            "subjects_with_2_or_more_cases",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        assert_eq!(v["review_status"]["not in review"], json!(cases.iter().filter(|c| c.review_status.is_none()).count()));
        assert_eq!(v["misconduct_outcome"]["not recorded"], json!(cases.iter().filter(|c| c.misconduct_outcome.is_none()).count()));
        assert!(v["reviews_completed_cumulative_by_month"].get("2023-03").is_some());
        assert!(v["court_appearances_per_iso_week"].get("2023-W01").is_some());
        assert_eq!(v["cases_by_role"].as_object().unwrap().len(), 3, "role is required: no \"not recorded\"");
        assert_eq!(v["cases_by_source"].as_object().unwrap().len(), 6, "five sources and not recorded");
    }

    #[test]
    fn disclosed_counts_hide_small_cells() {
        let cases = sample::demo_cases(sample::DEMO_SEED);
        let a = aggregate(&cases, sample::demo_as_of(), None);
        let v = aggregates_json(&a, sample::demo_as_of(), Counts::Disclosed { min_cell_count: 3 });
        let weeks = v["court_appearances_per_iso_week"].as_object().unwrap();
        assert!(weeks.values().any(|c| c == "[c]"));
        assert!(weeks.values().all(|c| c == "[c]" || c.as_u64().is_some_and(|n| n == 0 || n >= 3)));
    }
}

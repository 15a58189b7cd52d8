//! The disclosed figures: what every view (chart, table, summary, download, CLI) shows.
//! Built once from [`Aggregates`] with the release's `min_cell_count`.

use crate::aggregate::{Aggregates, Category, NOT_RECORDED};
use crate::dates::{iso_week_key, long_date, week_commencing_label};
use crate::disclose::{disclose, disclose_parts, disclose_within, suppressed_range, thousands, Cell};
use crate::metadata::Annotation;
use crate::related::{court_cells, people_cells, review_cells, review_running_total};
use crate::words::{tr, tr_label, trf};
use breakdowns::{category_rows, review_projection};
use chrono::NaiveDate;
use serde::Serialize;

mod breakdowns;
pub use breakdowns::{Breakdown, BreakdownRow, ReviewProjection};

/// A labelled disclosed count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryCell {
    /// The value's label, or "not recorded".
    pub label: String,
    /// The count, or `[c]`.
    pub count: Cell,
}

/// A disclosed count for one ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekCell {
    /// Monday of the week.
    pub week_start: NaiveDate,
    /// The ISO week, `YYYY-Www`.
    pub iso_week: String,
    /// How people read it: "w/c 6 Feb 2023".
    pub label: String,
    /// The count, or `[c]`.
    pub count: Cell,
}

/// Disclosed review progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewFigures {
    /// Cases in the review.
    pub in_review: Cell,
    /// Reviews completed by the as-of date.
    pub completed: Cell,
    /// The deadline, if a commitment sets one.
    pub target: Option<NaiveDate>,
    /// Reviews completed by the deadline.
    pub completed_by_target: Cell,
    /// Cumulative completions at the end of each week.
    pub cumulative_by_week: Vec<WeekCell>,
    /// The projected finish at the pace of the last four weeks.
    pub projection: ReviewProjection,
    /// One or two plain-English sentences.
    pub summary: String,
}

/// Disclosed court appearances.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourtFigures {
    /// Appearances per week, zero-filled.
    pub weeks: Vec<WeekCell>,
    /// All appearances to the as-of date.
    pub total: Cell,
    /// Hearings scheduled after the as-of date.
    pub scheduled_after_as_of: Cell,
    /// Appearances by offence group.
    pub by_offence_group: Vec<CategoryCell>,
    /// Appearances by week (rows, as `weeks`) and offence group (columns, as
    /// `by_offence_group`).
    pub by_week_and_group: Breakdown,
    /// The expected weekly range from the commitments, if any.
    pub expected_range: Option<(f64, f64)>,
    /// The day the commitment's range applies from (set by the release).
    pub expected_from: Option<NaiveDate>,
    /// The counts a `[c]` week hides, in words ("1 or 2"), for the chart's legend.
    pub suppressed_range: String,
    /// One or two plain-English sentences.
    pub summary: String,
}

/// Disclosed outcomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeFigures {
    /// Charged cases.
    pub charged: Cell,
    /// Criminal outcome of charged cases.
    pub criminal: Vec<CategoryCell>,
    /// Cases with misconduct proceedings or an outcome.
    pub misconduct_cases: Cell,
    /// Misconduct outcome of those cases.
    pub misconduct: Vec<CategoryCell>,
    /// Criminal outcome of charged cases by allegation category (rows).
    pub criminal_by_category: Breakdown,
    /// Misconduct outcome of misconduct cases by allegation category (rows).
    pub misconduct_by_category: Breakdown,
    /// One or two plain-English sentences.
    pub summary: String,
    /// The outcomes by category in a few plain-English sentences.
    pub by_category_summary: String,
}

/// Everything the dashboard shows, disclosed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Counts below this are `[c]`.
    pub min_cell_count: u32,
    /// Records loaded.
    pub records: Cell,
    /// Distinct pseudonymous subjects.
    pub distinct_subjects: Cell,
    /// Review progress.
    pub review: ReviewFigures,
    /// Court appearances.
    pub court: CourtFigures,
    /// Outcomes.
    pub outcomes: OutcomeFigures,
    /// People with several reports, and how their earlier cases ended.
    pub repeat: RepeatFigures,
    /// Time from report to outcome.
    pub time_to_outcome: TimeToOutcomeFigures,
    /// Where cases came from, and the cases about other forces.
    pub sources: SourceFigures,
    /// Published commitments with status and evidence (set by the release, which judges them once).
    pub commitments: Vec<crate::commitments::CommitmentResult>,
    /// Events to mark on the time charts (set by the release, from its dataset.json).
    pub annotations: Vec<Annotation>,
}

/// Disclosed repeat-report figures: the pattern nobody saw in the Carrick case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepeatFigures {
    /// Distinct people (each counted at their latest case).
    pub distinct_subjects: Cell,
    /// People with two or more cases.
    pub repeat_subjects: Cell,
    /// People with exactly 2, exactly 3, and 4 or more cases (parts of `repeat_subjects`).
    pub with_cases: Vec<CategoryCell>,
    /// Cases before each repeat subject's latest one.
    pub earlier_cases: Cell,
    /// How those earlier cases ended (misconduct outcome, with "not recorded").
    pub earlier_outcomes: Vec<CategoryCell>,
    /// One or two plain-English sentences.
    pub summary: String,
}

/// Disclosed median and quartiles of one kind of outcome.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QuartileFigures {
    /// Cases with an outcome date.
    pub cases: Cell,
    /// Lower quartile, median and upper quartile in whole calendar months from the reported
    /// month to the outcome month; `None` when fewer than [`MIN_CASES_FOR_QUARTILES`] cases (or
    /// `min_cell_count`, if larger): the quartiles of a few cases are the cases' own values.
    pub months: Option<[f64; 3]>,
}

/// Disclosed time from report to outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToOutcomeFigures {
    /// Misconduct outcomes.
    pub misconduct: QuartileFigures,
    /// Criminal outcomes.
    pub criminal: QuartileFigures,
    /// Outcomes left out: the case's reported date is published only to a quarter, a year or
    /// not at all.
    pub left_out: Cell,
    /// One or two plain-English sentences.
    pub summary: String,
}

/// Disclosed sources of cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFigures {
    /// Cases by source, with "not recorded".
    pub by_source: Vec<CategoryCell>,
    /// Cases about a subject in another force, by source.
    pub other_force_by_source: Vec<CategoryCell>,
    /// Cases whose other-force answer the release withholds (not counted above).
    pub other_force_withheld: Cell,
    /// One or two plain-English sentences.
    pub summary: String,
}

impl Figures {
    /// The figures of `aggregates`, disclosed under `min_cell_count`, with their summaries
    /// (`expected_range`: the committed weekly court appearances, if any). The commitments
    /// are left empty for the release to fill in.
    pub fn disclose(aggregates: &Aggregates, as_of: NaiveDate, min_cell_count: u32, expected_range: Option<(f64, f64)>) -> Figures {
        let d = |n: u32| disclose(n, min_cell_count);
        Figures {
            as_of,
            min_cell_count,
            records: d(aggregates.records),
            distinct_subjects: people_cells(aggregates, min_cell_count).distinct,
            review: review_figures(aggregates, as_of, min_cell_count),
            court: court_figures(aggregates, min_cell_count, expected_range),
            outcomes: outcome_figures(aggregates, min_cell_count),
            repeat: repeat_figures(aggregates, min_cell_count),
            time_to_outcome: time_to_outcome_figures(aggregates, min_cell_count),
            sources: source_figures(aggregates, min_cell_count),
            commitments: Vec::new(),
            annotations: Vec::new(),
        }
    }
}

fn repeat_figures(a: &Aggregates, min: u32) -> RepeatFigures {
    let people = people_cells(a, min);
    let with_cases = ["2 cases", "3 cases", "4 or more cases"]
        .into_iter()
        .zip(&people.bands[1..])
        .map(|(label, &count)| CategoryCell { label: label.into(), count })
        .collect();
    let outcomes: Vec<u32> = a.earlier_case_outcomes_of_repeat_subjects.iter().map(|c| c.count).collect();
    let earlier_outcomes = a
        .earlier_case_outcomes_of_repeat_subjects
        .iter()
        .zip(disclose_within(people.earlier, &outcomes, min))
        .map(|(c, count)| CategoryCell { label: c.label.clone(), count })
        .collect();
    let mut figures = RepeatFigures {
        distinct_subjects: people.distinct,
        repeat_subjects: people.repeat,
        with_cases,
        earlier_cases: people.earlier,
        earlier_outcomes,
        summary: String::new(),
    };
    figures.summary = repeat_summary(&figures);
    figures
}

/// "312 people were the subject of two or more cases. Of their 498 earlier cases, 61% ended …"
fn repeat_summary(f: &RepeatFigures) -> String {
    let two = f.repeat_subjects;
    if two == Cell::Shown(0) {
        return tr("No person in this selection is the subject of more than one case.").into();
    }
    let mut text = trf("{} of {} people were the subject of two or more cases.", &[&two, &f.distinct_subjects]);
    let get = |label: &str| f.earlier_outcomes.iter().find(|c| c.label == label).and_then(|c| c.count.value());
    if let (Some(nca), Some(nfa)) = (get("No case to answer"), get("No further action")) {
        if let Some(share) = percent(Cell::Shown(nca + nfa), f.earlier_cases) {
            text.push_str(&trf(
                " Of their {} earlier cases, {}% ended with no case to answer or no further action.",
                &[&f.earlier_cases, &share],
            ));
        }
    }
    text
}

/// Quartiles are shown for at least this many cases (or `min_cell_count`, if larger): the
/// quartiles of three or five cases are some of the cases' own values.
pub const MIN_CASES_FOR_QUARTILES: u32 = 10;

fn quartile_figures(q: Option<crate::aggregate::Quartiles>, min: u32) -> QuartileFigures {
    match q {
        None => QuartileFigures { cases: Cell::Shown(0), months: None },
        Some(q) => QuartileFigures {
            cases: disclose(q.cases, min),
            months: (q.cases >= min.max(MIN_CASES_FOR_QUARTILES)).then_some([
                q.lower_quartile_months,
                q.median_months,
                q.upper_quartile_months,
            ]),
        },
    }
}

fn time_to_outcome_figures(a: &Aggregates, min: u32) -> TimeToOutcomeFigures {
    let mut figures = TimeToOutcomeFigures {
        misconduct: quartile_figures(a.time_to_outcome.misconduct, min),
        criminal: quartile_figures(a.time_to_outcome.criminal, min),
        left_out: disclose(a.time_to_outcome.left_out, min),
        summary: String::new(),
    };
    figures.summary = time_to_outcome_summary(&figures);
    figures
}

/// "Misconduct cases took a median of 10 months from report to outcome (the middle half
/// between 5 and 18 months), over 1,971 cases. …"
fn time_to_outcome_summary(f: &TimeToOutcomeFigures) -> String {
    let sentence = |template: &'static str, q: &QuartileFigures| -> Option<String> {
        let [lower, median, upper] = q.months?;
        Some(trf(template, &[&months_phrase(median), &whole_months(lower), &whole_months(upper), &q.cases]))
    };
    let mut parts: Vec<String> = [
        sentence(
            "Misconduct cases took a median of {} from report to outcome (the middle half between {} and {} months), over {} cases.",
            &f.misconduct,
        ),
        sentence(
            "Criminal cases took a median of {} from report to outcome (the middle half between {} and {} months), over {} cases.",
            &f.criminal,
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    if f.left_out != Cell::Shown(0) && !parts.is_empty() {
        parts.push(trf(
            "{} outcomes are left out: their cases' reported dates are published only as a quarter, a year or withheld.",
            &[&f.left_out],
        ));
    }
    if parts.is_empty() {
        let any = f.misconduct.cases != Cell::Shown(0) || f.criminal.cases != Cell::Shown(0);
        return if any {
            tr("Too few cases in this selection have an outcome date to show times without identifying anyone.").into()
        } else {
            tr("No cases in this selection have an outcome date.").into()
        };
    }
    parts.join(" ")
}

/// A month count as people say it: "10 months", "1 month" (whole months).
fn months_phrase(months: f64) -> String {
    match whole_months(months).as_str() {
        "1" => tr("1 month").into(),
        n => trf("{} months", &[&n]),
    }
}

/// A time in months as people count it: whole months (halves rounded up), thousands
/// separated. Quartiles are interpolated between ranks, but "between 5.3 and 18.8 months"
/// claims a precision the monthly dates never had.
pub fn whole_months(months: f64) -> String {
    thousands(u32::try_from((months.max(0.0) + 0.5).floor() as u64).unwrap_or(u32::MAX))
}

/// A month figure as the page writes it: one decimal place (halves rounded up), none when
/// whole, thousands separated ("1,084", "10.5").
pub fn month_figure(months: f64) -> String {
    let tenths = (months.max(0.0) * 10.0).round() as u64;
    let whole = thousands(u32::try_from(tenths / 10).unwrap_or(u32::MAX));
    match tenths % 10 {
        0 => whole,
        tenth => format!("{whole}.{tenth}"),
    }
}

fn source_figures(a: &Aggregates, min: u32) -> SourceFigures {
    let by_source = category_cells(&a.cases_by_source, min);
    // A source's cases are its other-force and own-force cases: disclosed as parts of the
    // source's count, so the count minus the other-force count is never a small own-force
    // count (and a hidden count hides its other-force part). Each column is also disclosed as
    // a table of its own.
    // One row per source row, in the same order (a source with no other-force case has 0).
    let others: Vec<Category> = a
        .cases_by_source
        .iter()
        .map(|s| Category {
            label: s.label.clone(),
            count: a.other_force_cases_by_source.iter().find(|c| c.label == s.label).map_or(0, |c| c.count),
        })
        .collect();
    let other_force_by_source = category_cells(&others, min)
        .into_iter()
        .zip(&by_source)
        .zip(&a.cases_by_source)
        .map(|((cell, all), raw)| {
            let other = others.iter().find(|c| c.label == cell.label).map_or(0, |c| c.count);
            let within = disclose_within(all.count, &[other, raw.count.saturating_sub(other)], min)[0];
            if within.is_suppressed() {
                CategoryCell { count: Cell::Suppressed, ..cell }
            } else {
                cell
            }
        })
        .collect();
    let other_force_withheld = disclose(a.other_force_withheld, min);
    let mut figures = SourceFigures { by_source, other_force_by_source, other_force_withheld, summary: String::new() };
    figures.summary = source_summary(&figures);
    figures
}

/// "The most common source was the review (812 cases). 240 of 561 hotline cases (43%) were
/// about officers or staff in other forces."
fn source_summary(f: &SourceFigures) -> String {
    let Some(top) = largest(&f.by_source) else { return tr("No cases in this selection.").into() };
    let count = |cells: &[CategoryCell], label: &str| cells.iter().find(|c| c.label == label).map_or(Cell::Shown(0), |c| c.count);
    let mut text = trf("The most common source was {} ({} cases).", &[&source_phrase(&top), &count(&f.by_source, &top)]);
    let (hotline, other) = (count(&f.by_source, "Hotline"), count(&f.other_force_by_source, "Hotline"));
    if hotline != Cell::Shown(0) {
        text.push_str(&trf(" {} of {} hotline cases", &[&other, &hotline]));
        if let Some(share) = percent(other, hotline) {
            text.push_str(&format!(" ({share}%)"));
        }
        text.push_str(tr(" were about officers or staff in other forces."));
    }
    if f.other_force_withheld != Cell::Shown(0) {
        text.push_str(&trf(" Whether the case was about another force is withheld for {} cases, to protect small groups; they are not counted as other-force cases.", &[&f.other_force_withheld]));
    }
    text
}

/// "the review", "the hotline", "complaints", "internal referrals", "other sources".
fn source_phrase(label: &str) -> String {
    match label {
        "Review" => tr("the review").into(),
        "Hotline" => tr("the hotline").into(),
        "Complaint" => tr("complaints").into(),
        "Internal referral" => tr("internal referrals").into(),
        "Other" => tr("other sources").into(),
        other => tr_label(other).to_lowercase(),
    }
}

fn week_cell(week_start: NaiveDate, count: Cell) -> WeekCell {
    WeekCell { week_start, iso_week: iso_week_key(week_start), label: week_commencing_label(week_start), count }
}

fn category_cells(categories: &[Category], min_cell_count: u32) -> Vec<CategoryCell> {
    let counts: Vec<u32> = categories.iter().map(|c| c.count).collect();
    categories
        .iter()
        .zip(disclose_parts(&counts, min_cell_count))
        .map(|(c, count)| CategoryCell { label: c.label.clone(), count })
        .collect()
}

fn review_figures(a: &Aggregates, as_of: NaiveDate, min: u32) -> ReviewFigures {
    let r = &a.review;
    let cells = review_cells(a, min);
    let completed = cells.status.get(2).copied().unwrap_or(Cell::Shown(0));
    let running = review_running_total(a, completed, as_of, min);
    let cumulative_by_week = running.weeks.iter().map(|&(monday, cell)| week_cell(monday, cell)).collect();
    let completed_by_target = running.by_target;
    let week_cells: Vec<Cell> = running.weeks.iter().map(|&(_, cell)| cell).collect();
    let projection = review_projection(r.projection, &week_cells, cells.in_review, completed);
    let mut figures = ReviewFigures {
        in_review: cells.in_review,
        completed,
        target: r.target,
        completed_by_target,
        cumulative_by_week,
        projection,
        summary: String::new(),
    };
    figures.summary = review_summary(&figures, as_of);
    figures
}

/// "1,402 of 1,633 cases in the review were completed by the target date of 31 March 2023; …"
fn review_summary(f: &ReviewFigures, as_of: NaiveDate) -> String {
    if f.in_review == Cell::Shown(0) {
        return tr("No cases in this selection are part of a review.").into();
    }
    let mut text = trf("{} of {} cases in the review were completed by {}.", &[&f.completed, &f.in_review, &long_date(as_of)]);
    if let Some(target) = f.target {
        text.push_str(&trf(" {} were completed by the target date of {}", &[&f.completed_by_target, &long_date(target)]));
        if let Some(share) = percent(f.completed_by_target, f.in_review) {
            text.push_str(&format!(" ({share}%)"));
        }
        text.push('.');
    }
    text.push(' ');
    text.push_str(&projection_sentence(f.projection));
    text
}

/// The projection in words, with its assumption.
pub fn projection_sentence(projection: ReviewProjection) -> String {
    match projection {
        ReviewProjection::OnTrack { date, completed_last_4_weeks } => trf(
            "At the pace of the last 4 weeks ({} reviews a week), the last review would be completed on {}.",
            &[&month_figure(f64::from(completed_last_4_weeks) / 4.0), &long_date(date)],
        ),
        ReviewProjection::NotOnTrack => {
            tr("No review was completed in the last 4 weeks: at this pace the review is not on track to finish.").into()
        }
        ReviewProjection::NotShown => tr("A finish date at the recent pace is not shown: it would give away a hidden count.").into(),
        ReviewProjection::Complete => tr("Every review is complete.").into(),
        ReviewProjection::NoReview => String::new(),
    }
}

fn court_figures(a: &Aggregates, min: u32, expected_range: Option<(f64, f64)>) -> CourtFigures {
    let c = &a.court;
    let cells = court_cells(a, min);
    let weeks: Vec<WeekCell> = c.weeks.iter().zip(&cells.weeks).map(|((w, _), cell)| week_cell(*w, *cell)).collect();
    let by_offence_group: Vec<CategoryCell> =
        c.by_offence_group.iter().zip(&cells.by_offence_group).map(|(g, &count)| CategoryCell { label: g.label.clone(), count }).collect();
    // A week's groups, with a 0 for each column the weekly split has no count for ("not
    // recorded", which the weekly codes count with "Other").
    let week_rows: Vec<(String, Vec<u32>)> = c
        .weeks_by_offence_group
        .iter()
        .map(|(w, groups)| {
            let mut row = groups.to_vec();
            row.resize(by_offence_group.len(), 0);
            (week_commencing_label(*w), row)
        })
        .collect();
    let by_week_and_group = Breakdown::disclose_with_row_totals(
        by_offence_group.iter().map(|g| g.label.clone()).collect(),
        cells.by_offence_group.clone(),
        &week_rows,
        &cells.weeks,
        min,
    );
    let mut figures = CourtFigures {
        weeks,
        total: cells.total,
        scheduled_after_as_of: cells.scheduled,
        by_offence_group,
        by_week_and_group,
        expected_range,
        expected_from: None,
        suppressed_range: suppressed_range(min),
        summary: String::new(),
    };
    figures.summary = court_summary(&figures);
    figures
}

/// "There were 312 first court appearances in 65 weeks, 4.8 a week on average; most often for …"
fn court_summary(f: &CourtFigures) -> String {
    let weeks = f.weeks.len();
    let Some(total) = f.total.value().filter(|t| *t > 0 && weeks > 0) else {
        return tr("No first court appearances are recorded in this selection.").into();
    };
    let first = f.weeks.first().map(|w| w.label.clone()).unwrap_or_default();
    let average = f64::from(total) / weeks as f64;
    let mut text = trf(
        "There were {} first court appearances in the {} weeks from {}, {} a week on average.",
        &[&thousands(total), &weeks, &first, &format!("{:.1}", average)],
    );
    if let Some(top) = largest(&f.by_offence_group) {
        text.push_str(&trf(" The most common offence group was {}.", &[&tr_label(&top).to_lowercase()]));
    }
    if let Some((low, high)) = f.expected_range {
        text.push_str(&trf(" The commitment was {} to {} a week.", &[&low, &high]));
    }
    text
}

fn outcome_figures(a: &Aggregates, min: u32) -> OutcomeFigures {
    let o = &a.outcomes;
    let sum = |v: &[Category]| v.iter().map(|c| c.count).sum::<u32>();
    let (charged, criminal) = (disclose(sum(&o.criminal), min), category_cells(&o.criminal, min));
    let (misconduct_cases, misconduct) = (disclose(sum(&o.misconduct), min), category_cells(&o.misconduct, min));
    let by_category = |by: &[(String, Vec<Category>)], totals: &[CategoryCell], all: Cell| {
        let (columns, rows) = category_rows(by);
        Breakdown::disclose(columns, totals.iter().map(|c| c.count).collect(), &rows, all, min)
    };
    let mut figures = OutcomeFigures {
        criminal_by_category: by_category(&o.criminal_by_category, &criminal, charged),
        misconduct_by_category: by_category(&o.misconduct_by_category, &misconduct, misconduct_cases),
        charged,
        criminal,
        misconduct_cases,
        misconduct,
        summary: String::new(),
        by_category_summary: String::new(),
    };
    figures.summary = outcome_summary(&figures);
    figures.by_category_summary = breakdowns::by_category_summary(&figures);
    figures
}

/// "Of 210 charged cases, 96 ended in conviction. Of 1,104 misconduct cases, 57% ended with …"
fn outcome_summary(f: &OutcomeFigures) -> String {
    let get = |cells: &[CategoryCell], label: &str| cells.iter().find(|c| c.label == label).map_or(Cell::Shown(0), |c| c.count);
    let mut parts = Vec::new();
    if f.charged.value().is_some_and(|n| n > 0) {
        parts.push(trf(
            "Of {} charged cases, {} ended in conviction and {} are pending.",
            &[&f.charged, &get(&f.criminal, "Convicted"), &get(&f.criminal, "Pending")],
        ));
    }
    let shown = |label: &str| get(&f.misconduct, label).value();
    let open = [shown("Pending"), shown(NOT_RECORDED)];
    let no_action = [shown("No case to answer"), shown("No further action")];
    if let (Some(total), [Some(pending), Some(unknown)], [Some(a), Some(b)]) = (f.misconduct_cases.value(), open, no_action) {
        let finished = total.saturating_sub(pending + unknown);
        if let Some(share) = percent(Cell::Shown(a + b), Cell::Shown(finished)) {
            parts.push(trf(
                "Of {} misconduct cases with a final outcome, {}% ended with no case to answer or no further action.",
                &[&thousands(finished), &share],
            ));
        }
    }
    if parts.is_empty() {
        return tr("No outcomes are recorded in this selection.").into();
    }
    let not_recorded = get(&f.criminal, NOT_RECORDED);
    if not_recorded != Cell::Shown(0) {
        parts.push(trf("The criminal outcome is not recorded for {} charged cases.", &[&not_recorded]));
    }
    parts.join(" ")
}

/// The label of the largest shown category, ignoring "not recorded".
fn largest(cells: &[CategoryCell]) -> Option<String> {
    cells
        .iter()
        .filter(|c| c.label != NOT_RECORDED)
        .filter_map(|c| c.count.value().filter(|n| *n > 0).map(|n| (n, c.label.clone())))
        .max_by_key(|(n, _)| *n)
        .map(|(_, l)| l)
}

/// A whole-number percentage, when both cells are shown and the base is not zero.
fn percent(part: Cell, whole: Cell) -> Option<u32> {
    let (part, whole) = (part.value()?, whole.value()?);
    (whole > 0).then(|| ((f64::from(part) * 100.0 / f64::from(whole)).round()) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::aggregate;
    use crate::model::MisconductOutcome;
    use crate::sample;

    #[test]
    fn the_outcomes_summary_never_states_a_small_derived_count() {
        // Five pending misconduct cases and two final ones (a written warning and reflective
        // practice): "of 2 with a final outcome" would show the two hidden outcomes' sum.
        let as_of = sample::demo_as_of();
        let mut cases = sample::dense_cases(7, 1);
        let outcomes =
            [MisconductOutcome::Pending; 5].into_iter().chain([MisconductOutcome::WrittenWarning, MisconductOutcome::ReflectivePractice]);
        for (case, outcome) in cases.iter_mut().zip(outcomes) {
            case.misconduct_outcome = Some(outcome);
            case.misconduct_outcome_date = outcome.is_final().then_some(case.reported_date);
        }
        let f = Figures::disclose(&aggregate(&cases, as_of, None), as_of, 3, None);
        assert!(!f.outcomes.summary.contains("Of 2 misconduct cases"), "{}", f.outcomes.summary);
        let hidden: u32 = [MisconductOutcome::Pending, MisconductOutcome::WrittenWarning, MisconductOutcome::ReflectivePractice]
            .iter()
            .filter(|o| f.outcomes.misconduct.iter().any(|c| c.label == o.label() && c.count.is_suppressed()))
            .map(|o| if *o == MisconductOutcome::Pending { 5 } else { 1 })
            .sum();
        assert!(hidden >= 3, "the hidden outcomes add up to {hidden}");
    }

    #[test]
    fn empty_selection_has_sentences_and_no_nan() {
        let as_of = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
        let f = Figures::disclose(&aggregate(&[], as_of, None), as_of, 3, Some((2.0, 3.0)));
        for s in
            [&f.review.summary, &f.court.summary, &f.outcomes.summary, &f.repeat.summary, &f.time_to_outcome.summary, &f.sources.summary]
        {
            assert!(!s.contains("NaN") && !s.contains("inf") && s.ends_with('.'), "{s}");
        }
    }

    #[test]
    fn time_to_outcome_is_hidden_for_small_groups_and_worded_for_large_ones() {
        let q = |cases: u32| {
            Some(crate::aggregate::Quartiles { cases, lower_quartile_months: 10.0, median_months: 20.5, upper_quartile_months: 31.0 })
        };
        let few = quartile_figures(q(2), 3);
        assert_eq!((few.cases, few.months), (Cell::Suppressed, None));
        let many = quartile_figures(q(1200), 3);
        assert_eq!(many.months, Some([10.0, 20.5, 31.0]));
        let f = TimeToOutcomeFigures { misconduct: many, criminal: few, left_out: Cell::Shown(0), summary: String::new() };
        assert_eq!(
            time_to_outcome_summary(&f),
            "Misconduct cases took a median of 21 months from report to outcome (the middle half between 10 and 31 months), over 1,200 cases."
        );
        let f = TimeToOutcomeFigures { left_out: Cell::Shown(40), ..f };
        assert!(time_to_outcome_summary(&f)
            .ends_with(" 40 outcomes are left out: their cases' reported dates are published only as a quarter, a year or withheld."));
        let f = TimeToOutcomeFigures { misconduct: few, criminal: few, left_out: Cell::Shown(0), summary: String::new() };
        assert!(time_to_outcome_summary(&f).starts_with("Too few cases"));
    }

    #[test]
    fn source_summary_gives_the_hotline_share_about_other_forces() {
        let cells = |v: &[(&str, Cell)]| v.iter().map(|(l, c)| CategoryCell { label: l.to_string(), count: *c }).collect::<Vec<_>>();
        let f = SourceFigures {
            by_source: cells(&[("Review", Cell::Shown(812)), ("Hotline", Cell::Shown(561)), (NOT_RECORDED, Cell::Shown(0))]),
            other_force_by_source: cells(&[("Review", Cell::Shown(0)), ("Hotline", Cell::Shown(240)), (NOT_RECORDED, Cell::Shown(0))]),
            other_force_withheld: Cell::Shown(0),
            summary: String::new(),
        };
        let expected_share = (240.0_f64 * 100.0 / 561.0).round();
        assert_eq!(
            source_summary(&f),
            format!("The most common source was the review (812 cases). 240 of 561 hotline cases ({expected_share}%) were about officers or staff in other forces.")
        );
    }

    #[test]
    fn month_figures_read_as_people_write_them() {
        assert_eq!(month_figure(1333.5), "1,333.5");
        assert_eq!(month_figure(134.25), "134.3", "halves of a tenth round up");
        assert_eq!(month_figure(1084.0), "1,084");
        assert_eq!(month_figure(0.04), "0");
        assert_eq!(whole_months(134.3), "134");
        assert_eq!(whole_months(440.5), "441", "halves round up");
        assert_eq!(whole_months(1083.6), "1,084");
        assert_eq!(months_phrase(1.2), "1 month");
    }

    #[test]
    fn percent_handles_zero_and_suppressed() {
        assert_eq!(percent(Cell::Shown(1), Cell::Shown(3)), Some(33));
        assert_eq!(percent(Cell::Shown(1), Cell::Shown(0)), None);
        assert_eq!(percent(Cell::Suppressed, Cell::Shown(10)), None);
    }
}

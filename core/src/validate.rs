//! Judging values: allowed values, dates, identifiers and the rules across fields, then
//! duplicates across rows. Turns a [`RawTable`] into a [`LoadReport`].

use crate::dates::{parse_date, DateError};
use crate::load::{RawRow, RawTable};
use crate::model::{
    AllegationCategory, AllowedValue, Case, CaseId, CriminalOutcome, Field, MisconductOutcome, ReviewStatus, Role, Schema, SubjectCases,
    SubjectRef,
};
use crate::period::Period;
use crate::report::{LoadReport, Location, Problem, ProblemKind, Severity};
use crate::text::{is_invisible_or_bidi, looks_like_html, normalise_value, shorten, trim_cell};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Cell texts read as missing, with a warning.
const MISSING_SENTINELS: [&str; 6] = ["na", "n/a", "null", "none", "-", "nan"];

/// Spreadsheet error values: a row error, since the real value was lost in the spreadsheet.
const SPREADSHEET_ERRORS: [&str; 8] = ["#n/a", "#value!", "#ref!", "#div/0!", "#name?", "#num!", "#null!", "#spill!"];

/// Validates rows one at a time as the loader reads them (see [`crate::load::RowSink`]), then
/// resolves duplicates across rows in [`Validator::finish`].
#[derive(Debug)]
pub struct Validator {
    as_of: NaiveDate,
    schema: Schema,
    kept: Kept,
    problems: Vec<Problem>,
    rejected: usize,
}

impl Validator {
    /// A validator of an internal extract for which `as_of` is the latest allowed date.
    pub fn new(as_of: NaiveDate) -> Self {
        Validator::with_capacity(as_of, Schema::Extract, 0)
    }

    /// A validator of files of `schema` expecting about `rows` rows, so a large file's
    /// records are never copied while the list grows.
    pub fn with_capacity(as_of: NaiveDate, schema: Schema, rows: usize) -> Self {
        let kept = Kept { locations: Vec::with_capacity(rows), cases: Vec::with_capacity(rows) };
        Validator { as_of, schema, kept, problems: Vec::new(), rejected: 0 }
    }

    /// Makes room for about `rows` more rows, so a large file's records are never copied
    /// while the list grows.
    pub fn reserve(&mut self, rows: usize) {
        let more = rows.saturating_sub(self.kept.cases.len());
        self.kept.locations.reserve_exact(more);
        self.kept.cases.reserve_exact(more);
    }

    /// Checks one row against every rule that needs only that row.
    pub fn row(&mut self, row: RawRow<'_>) {
        let mut check = RowCheck::new(&row, self.schema);
        match check.case(self.as_of) {
            Some(case) if !check.failed => {
                self.problems.append(&mut check.problems);
                self.kept.locations.push(row.location);
                self.kept.cases.push(case);
            }
            _ => {
                // Warnings on a rejected row are not counted: only its errors are listed.
                self.problems.extend(check.problems.into_iter().filter(|p| p.severity == Severity::RowError));
                self.rejected += 1;
            }
        }
    }

    /// Adds what reading found, resolves duplicates and puts every problem in file order.
    pub fn finish(self, table: RawTable) -> LoadReport {
        let mut report = LoadReport {
            problems: table.problems,
            rejected: table.rejected + self.rejected,
            blank_rows_skipped: table.blank_rows_skipped,
            ..LoadReport::default()
        };
        report.problems.extend(self.problems);
        report.records = match self.schema {
            Schema::Extract => {
                let mut records = resolve_duplicates(self.kept, &mut report);
                crate::subjects::mark_subject_cases(&mut records);
                records
            }
            // A release has no case IDs: two identical records are two cases (as the source's
            // IDs told apart before they were dropped).
            Schema::Release => self.kept.cases,
        };
        // Stable: problems on one row keep the order they were found in.
        report.problems.sort_by_key(|p| location_order(p.location));
        report
    }
}

fn location_order(location: Location) -> (u8, u64) {
    match location {
        Location::Header => (0, 0),
        Location::Line(n) => (1, n),
        Location::Record(i) => (1, i as u64),
    }
}

/// Checks one row, collecting its problems.
struct RowCheck<'r, 'a> {
    row: &'r RawRow<'a>,
    schema: Schema,
    problems: Vec<Problem>,
    failed: bool,
}

impl<'r, 'a> RowCheck<'r, 'a> {
    fn new(row: &'r RawRow<'a>, schema: Schema) -> Self {
        RowCheck { row, schema, problems: Vec::new(), failed: false }
    }

    fn error(&mut self, fields: &[Field], kind: ProblemKind, message: String) {
        self.failed = true;
        self.push(fields, Severity::RowError, kind, message);
    }

    fn warn(&mut self, fields: &[Field], kind: ProblemKind, message: String) {
        self.push(fields, Severity::Warning, kind, message);
    }

    fn push(&mut self, fields: &[Field], severity: Severity, kind: ProblemKind, message: String) {
        let column = (!fields.is_empty()).then(|| fields.iter().map(|f| f.name()).collect::<Vec<_>>().join(" and "));
        self.problems.push(Problem { location: self.row.location, column, severity, kind, message });
    }

    /// The trimmed text of a cell, or `None` when missing (empty, null or a sentinel).
    fn text(&mut self, field: Field) -> Option<&'a str> {
        let raw = self.row.cell(field)?;
        let trimmed = trim_cell(raw);
        if trimmed.is_empty() {
            return None;
        }
        // Sentinels are short and spreadsheet errors start with '#': most cells skip both checks.
        if trimmed.len() <= 4 && MISSING_SENTINELS.iter().any(|s| s.eq_ignore_ascii_case(trimmed)) {
            self.warn(
                &[field],
                ProblemKind::MissingSentinel,
                format!("\"{trimmed}\" was read as a missing value; leave the cell empty instead."),
            );
            return None;
        }
        if trimmed.starts_with('#') && (SPREADSHEET_ERRORS.iter().any(|e| e.eq_ignore_ascii_case(trimmed)) || trimmed.ends_with(['!', '?']))
        {
            self.error(
                &[field],
                ProblemKind::SpreadsheetError,
                format!("The cell holds the spreadsheet error {trimmed}; fix the formula in the source spreadsheet and export again."),
            );
            return None;
        }
        Some(trimmed)
    }

    fn required(&mut self, field: Field) -> Option<&'a str> {
        let value = self.text(field);
        if value.is_none() && !self.failed_on(field) {
            self.error(&[field], ProblemKind::MissingRequired, format!("{field} is required but is empty."));
        }
        value
    }

    fn failed_on(&self, field: Field) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::RowError && p.column.as_deref() == Some(field.name()))
    }

    fn choice<T: AllowedValue>(&mut self, field: Field, text: Option<&str>) -> Option<T> {
        let text = text?;
        // Exact labels are the norm in clean exports: they need no other look.
        if let Some(v) = T::all().iter().copied().find(|v| v.label() == text) {
            return self.allowed_in_schema(field, v);
        }
        // Fast path: plain ASCII with single spaces needs no Unicode normalisation.
        let bytes = text.as_bytes();
        let simple = bytes.iter().all(|b| b.is_ascii_graphic() || *b == b' ') && !bytes.windows(2).any(|w| w == b"  ");
        if simple {
            // Exact labels are the norm in clean exports; compare those before folding case.
            let exact = T::all().iter().copied().find(|v| v.label() == text);
            if let Some(v) = exact.or_else(|| T::all().iter().copied().find(|v| v.label().eq_ignore_ascii_case(text))) {
                return self.allowed_in_schema(field, v);
            }
        }
        let key = normalise_value(text);
        if let Some(v) = T::all().iter().copied().find(|v| v.label().to_lowercase() == key) {
            return self.allowed_in_schema(field, v);
        }
        let allowed: Vec<&str> = self.allowed_values::<T>().map(|v| v.label()).collect();
        let hint = suggestion(&key, &allowed).map(|s| format!(" Did you mean \"{s}\"?")).unwrap_or_default();
        self.error(
            &[field],
            ProblemKind::UnknownValue,
            format!("\"{}\" is not an allowed value.{hint} Allowed: {}.", shorten(text), allowed.join(", ")),
        );
        None
    }

    /// The values a file of this schema may hold: "Withheld" only in a public release.
    fn allowed_values<T: AllowedValue>(&self) -> impl Iterator<Item = T> {
        let release = self.schema == Schema::Release;
        T::all().iter().copied().filter(move |v| release || !v.is_withheld())
    }

    fn allowed_in_schema<T: AllowedValue>(&mut self, field: Field, value: T) -> Option<T> {
        if value.is_withheld() && self.schema == Schema::Extract {
            let allowed: Vec<&str> = self.allowed_values::<T>().map(|v| v.label()).collect();
            self.error(
                &[field],
                ProblemKind::UnknownValue,
                format!(
                    "\"{}\" is written only by `scrutiny publish` in a public release. Allowed: {}.",
                    value.label(),
                    allowed.join(", ")
                ),
            );
            return None;
        }
        Some(value)
    }

    fn optional_choice<T: AllowedValue>(&mut self, field: Field) -> Option<T> {
        let text = self.text(field);
        self.choice(field, text)
    }

    fn date(&mut self, field: Field) -> Option<NaiveDate> {
        let text = self.text(field)?;
        self.parse_date_cell(field, text)
    }

    fn parse_date_cell(&mut self, field: Field, text: &str) -> Option<NaiveDate> {
        match parse_date(text) {
            Ok(d) => Some(d),
            Err(e) => {
                let shown = if matches!(e, DateError::ExcelSerial { .. }) { text.to_string() } else { shorten(text) };
                self.error(&[field], ProblemKind::BadDate, format!("\"{shown}\" {e}."));
                None
            }
        }
    }

    fn case(&mut self, as_of: NaiveDate) -> Option<Case> {
        let extract = self.schema == Schema::Extract;
        let case_id = if extract { self.required(Field::CaseId).and_then(|t| self.case_id(t)) } else { None };
        let subject_ref = if extract { self.required(Field::SubjectRef).and_then(|t| self.subject_ref(t)) } else { None };
        let role_text = self.required(Field::Role);
        let role = self.choice(Field::Role, role_text);
        let category_text = self.required(Field::AllegationCategory);
        let allegation_category = self.choice(Field::AllegationCategory, category_text);
        let reported_text = self.required(Field::ReportedDate);
        let reported = reported_text.and_then(|t| self.reported_period(t));
        let (subject_cases, earlier_case_outcome) = if extract {
            (Some(SubjectCases::One), None)
        } else {
            let text = self.required(Field::SubjectCases);
            (self.choice(Field::SubjectCases, text), self.optional_choice(Field::EarlierCaseOutcome))
        };
        let case = Case {
            case_id: case_id.unwrap_or_default(),
            subject_ref: subject_ref.unwrap_or_default(),
            role: role.unwrap_or(Role::Officer),
            allegation_category: allegation_category.unwrap_or(AllegationCategory::Other),
            reported_date: reported.map_or(NaiveDate::MIN, |r| r.0),
            reported_until: reported.map_or(NaiveDate::MIN, |r| r.1),
            subject_cases: subject_cases.unwrap_or(SubjectCases::One),
            earlier_case_outcome,
            source: self.optional_choice(Field::Source),
            review_status: self.optional_choice(Field::ReviewStatus),
            review_completed_date: self.date(Field::ReviewCompletedDate),
            review_result: self.optional_choice(Field::ReviewResult),
            charged_date: self.date(Field::ChargedDate),
            offence_group: self.optional_choice(Field::OffenceGroup),
            court_date: self.date(Field::CourtDate),
            criminal_outcome: self.optional_choice(Field::CriminalOutcome),
            criminal_outcome_date: self.date(Field::CriminalOutcomeDate),
            proceedings: self.optional_choice(Field::Proceedings),
            misconduct_outcome: self.optional_choice(Field::MisconductOutcome),
            misconduct_outcome_date: self.date(Field::MisconductOutcomeDate),
            other_force: self.optional_choice(Field::OtherForce),
            notes: if extract { self.notes() } else { None },
        };
        if self.failed {
            return None;
        }
        self.rules(&case, as_of);
        Some(case)
    }

    /// The reported date's first and last day: an extract's date is both; a release's period
    /// (`2023-03`, `2023-Q1`, `2023` or `Withheld`) spans its days.
    fn reported_period(&mut self, text: &str) -> Option<(NaiveDate, NaiveDate)> {
        if self.schema == Schema::Extract {
            return self.parse_date_cell(Field::ReportedDate, text).map(|d| (d, d));
        }
        let period = Period::parse(text);
        if period.is_none() {
            self.error(
                &[Field::ReportedDate],
                ProblemKind::BadDate,
                format!("\"{}\" is not a published period (2023-03, 2023-Q1, 2023 or Withheld).", shorten(text)),
            );
        }
        period.map(|p| (p.first_day(), p.last_day()))
    }

    fn case_id(&mut self, text: &'a str) -> Option<CaseId> {
        let id = CaseId::parse(text);
        if id.is_none() {
            self.error(
                &[Field::CaseId],
                ProblemKind::BadIdentifier,
                "case_id must be 1 to 32 characters: letters, digits, '_' or '-'.".into(),
            );
        }
        id
    }

    fn subject_ref(&mut self, text: &'a str) -> Option<SubjectRef> {
        let pseudonym = SubjectRef::parse(text);
        if pseudonym.is_none() {
            // The value is not repeated: a malformed pseudonym may be a real name.
            self.error(
                &[Field::SubjectRef],
                ProblemKind::BadIdentifier,
                "subject_ref must be a pseudonym: \"P-\" followed by 8 lowercase hexadecimal digits (e.g. P-1a2b3c4d).".into(),
            );
        }
        pseudonym
    }

    /// Free text is kept exactly as written, but text that a spreadsheet or a browser would
    /// execute, and invisible characters, are warned about.
    fn notes(&mut self) -> Option<String> {
        let raw = self.row.cell(Field::Notes)?;
        // Sentinels and spreadsheet errors are judged like any other cell.
        self.text(Field::Notes)?;
        let trimmed = raw.trim_start();
        if trimmed.starts_with(['=', '+', '-', '@']) {
            self.warn(
                &[Field::Notes],
                ProblemKind::FormulaLikeText,
                "The note starts like a spreadsheet formula (= + - @); it is kept as text and neutralised in downloads.".into(),
            );
        }
        if looks_like_html(raw) {
            self.warn(
                &[Field::Notes],
                ProblemKind::HtmlLikeText,
                "The note contains HTML-like markup; it is kept as plain text and never rendered as HTML.".into(),
            );
        }
        // Printable ASCII (with tabs and line breaks) holds no invisible or control character.
        let plain = raw.bytes().all(|b| matches!(b, b' '..=b'~' | b'\t' | b'\n' | b'\r'));
        if !plain && raw.chars().any(is_invisible_or_bidi) {
            self.warn(
                &[Field::Notes],
                ProblemKind::ControlCharacters,
                "The note contains invisible or bidirectional control characters; they are neutralised on display.".into(),
            );
        }
        Some(raw.to_string())
    }

    fn rules(&mut self, case: &Case, as_of: NaiveDate) {
        use Field as F;
        if case.earlier_case_outcome.is_some() && case.subject_cases != SubjectCases::Earlier {
            self.rule(&[F::EarlierCaseOutcome, F::SubjectCases], "earlier_case_outcome is given but subject_cases is not Earlier.");
        }
        let completed = case.review_status == Some(ReviewStatus::Completed);
        if completed && case.review_completed_date.is_none() {
            self.rule(&[F::ReviewStatus, F::ReviewCompletedDate], "A Completed review needs a review_completed_date.");
        }
        if !completed && case.review_completed_date.is_some() {
            self.rule(&[F::ReviewStatus, F::ReviewCompletedDate], "review_completed_date is given but review_status is not Completed.");
        }
        if case.review_result.is_some() && !completed {
            self.rule(&[F::ReviewResult, F::ReviewStatus], "review_result is given but review_status is not Completed.");
        }
        if case.charged_date.is_some() != case.offence_group.is_some() {
            self.rule(&[F::ChargedDate, F::OffenceGroup], "charged_date and offence_group must both be given or both be empty.");
        }
        match (case.court_date, case.charged_date) {
            (Some(_), None) => self.rule(&[F::CourtDate, F::ChargedDate], "A court_date needs a charged_date."),
            (Some(court), Some(charged)) if court < charged => {
                self.rule(&[F::CourtDate, F::ChargedDate], "court_date is earlier than charged_date.");
            }
            _ => {}
        }
        if case.criminal_outcome.is_some() && case.charged_date.is_none() {
            self.rule(&[F::CriminalOutcome, F::ChargedDate], "A criminal_outcome needs a charged_date.");
        }
        let criminal_final = case.criminal_outcome.is_some_and(CriminalOutcome::is_final);
        self.outcome_date_rule(criminal_final, case.criminal_outcome_date.is_some(), F::CriminalOutcome, F::CriminalOutcomeDate);
        let misconduct_final = case.misconduct_outcome.is_some_and(MisconductOutcome::is_final);
        self.outcome_date_rule(misconduct_final, case.misconduct_outcome_date.is_some(), F::MisconductOutcome, F::MisconductOutcomeDate);
        self.date_order_rules(case, as_of, criminal_final);
    }

    fn outcome_date_rule(&mut self, is_final: bool, has_date: bool, outcome: Field, date: Field) {
        if is_final && !has_date {
            self.rule(&[outcome, date], &format!("A final {outcome} needs a {date}."));
        }
        if !is_final && has_date {
            self.rule(&[outcome, date], &format!("{date} is given but {outcome} is Pending or empty."));
        }
    }

    fn date_order_rules(&mut self, case: &Case, as_of: NaiveDate, criminal_final: bool) {
        let dates = [
            (Field::ReviewCompletedDate, case.review_completed_date),
            (Field::ChargedDate, case.charged_date),
            (Field::CourtDate, case.court_date),
            (Field::CriminalOutcomeDate, case.criminal_outcome_date),
            (Field::MisconductOutcomeDate, case.misconduct_outcome_date),
        ];
        for (field, date) in dates {
            if date.is_some_and(|d| d < case.reported_date) {
                self.rule(&[field, Field::ReportedDate], &format!("{field} is earlier than reported_date."));
            }
        }
        let as_of_text = as_of.format("%-d %B %Y");
        if case.reported_date > as_of {
            self.error(
                &[Field::ReportedDate],
                ProblemKind::AfterAsOf,
                format!("reported_date is later than the as-of date ({as_of_text})."),
            );
        }
        for (field, date) in dates {
            let Some(date) = date.filter(|d| *d > as_of) else { continue };
            if field == Field::CourtDate && !criminal_final {
                self.warn(&[field], ProblemKind::ScheduledHearing, format!("court_date {date} is after the as-of date ({as_of_text}) with no final outcome: counted as a scheduled hearing, not an appearance."));
            } else {
                self.error(&[field], ProblemKind::AfterAsOf, format!("{field} is later than the as-of date ({as_of_text})."));
            }
        }
    }

    fn rule(&mut self, fields: &[Field], message: &str) {
        self.error(fields, ProblemKind::RuleBroken, message.to_string());
    }
}

/// The allowed value closest to `key`, if it is close enough to be a likely typo.
fn suggestion<'v>(key: &str, allowed: &[&'v str]) -> Option<&'v str> {
    allowed
        .iter()
        .map(|a| (edit_distance(key, &a.to_lowercase()), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Keeps one copy of exact duplicates, rejects every copy of a conflicting case_id, and warns
/// about IDs that differ only in letter case.
fn resolve_duplicates(kept: Kept, report: &mut LoadReport) -> Vec<Case> {
    // One pass over the IDs folded to lower case: an exact duplicate folds alike too, so only
    // the rare IDs that fold alike need a closer look, in groups of their own.
    let mut first_seen: FastMap<AsciiFolded<'_>, usize> = FastMap::with_capacity_and_hasher(kept.cases.len(), Default::default());
    let mut groups: FastMap<usize, Vec<usize>> = FastMap::default();
    for (i, case) in kept.cases.iter().enumerate() {
        match first_seen.entry(AsciiFolded(case.case_id.as_str())) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(first) => groups.entry(*first.get()).or_insert_with(|| vec![*first.get()]).push(i),
        }
    }
    drop(first_seen);
    let mut drop = vec![false; kept.cases.len()];
    for group in groups.values() {
        resolve_group(&kept, group, &mut drop, report);
    }
    let mut cases = kept.cases;
    let mut keep = drop.into_iter().map(|d| !d);
    // Filtered in place: the records are never copied.
    cases.retain(|_| keep.next().unwrap_or(true));
    cases
}

/// The rows whose IDs fold to the same lower case (`group`, in file order): exact copies of an
/// ID are kept once, conflicting ones all left out; then IDs that differ only in letter case
/// from the first one kept are warned about.
fn resolve_group(kept: &Kept, group: &[usize], drop: &mut [bool], report: &mut LoadReport) {
    let mut by_id: Vec<(CaseId, Vec<usize>)> = Vec::new();
    for &i in group {
        let id = kept.cases[i].case_id;
        match by_id.iter_mut().find(|(other, _)| *other == id) {
            Some((_, copies)) => copies.push(i),
            None => by_id.push((id, vec![i])),
        }
    }
    for (_, copies) in by_id.iter().filter(|(_, c)| c.len() > 1) {
        let first = &kept.cases[copies[0]];
        if copies.iter().all(|&i| kept.cases[i] == *first) {
            for &i in &copies[1..] {
                drop[i] = true;
                report.problems.push(duplicate_problem(kept, i, copies[0], Severity::Warning, ProblemKind::ExactDuplicate, "repeats"));
            }
        } else {
            for &i in copies {
                drop[i] = true;
                report.rejected += 1;
                let other = copies.iter().copied().find(|&j| j != i).unwrap_or(i);
                report.problems.push(duplicate_problem(
                    kept,
                    i,
                    other,
                    Severity::RowError,
                    ProblemKind::ConflictingDuplicate,
                    "conflicts with",
                ));
            }
        }
    }
    let mut remaining = group.iter().copied().filter(|&i| !drop[i]);
    let Some(first) = remaining.next() else { return };
    for i in remaining {
        let (location, case) = (&kept.locations[i], &kept.cases[i]);
        if case.case_id != kept.cases[first].case_id {
            report.problems.push(Problem {
                location: *location,
                column: Some(Field::CaseId.name().into()),
                severity: Severity::Warning,
                kind: ProblemKind::CaseOnlyDuplicate,
                message: format!(
                    "case_id {} differs only in letter case from {} at {}; they are counted as two cases.",
                    case.case_id, kept.cases[first].case_id, kept.locations[first]
                ),
            });
        }
    }
}

fn duplicate_problem(kept: &Kept, row: usize, other: usize, severity: Severity, kind: ProblemKind, verb: &str) -> Problem {
    let (location, case) = (&kept.locations[row], &kept.cases[row]);
    let message = match kind {
        ProblemKind::ExactDuplicate => {
            format!("This row {verb} {} exactly (case_id {}); it is counted once.", kept.locations[other], case.case_id)
        }
        _ => format!(
            "case_id {} {verb} the row at {} with different values; both copies are left out until one is corrected.",
            case.case_id, kept.locations[other]
        ),
    };
    Problem { location: *location, column: Some(Field::CaseId.name().into()), severity, kind, message }
}

/// The rows kept so far: their places and records side by side, not as pairs, so the records
/// are filtered in place into the report's list and never copied (a million of them are
/// about 100 MB in the data worker).
#[derive(Debug)]
struct Kept {
    locations: Vec<Location>,
    cases: Vec<Case>,
}

/// A hash map with a fast multiplicative hasher (FxHash, as in rustc). Keys are case IDs from
/// the file being checked in the user's own browser, so hash-flooding is not a concern.
type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// FxHash: one multiply and rotate per word.
#[derive(Default)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u8(&mut self, byte: u8) {
        self.write_u64(u64::from(byte));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A case_id compared and hashed ignoring ASCII letter case (IDs are ASCII by the contract),
/// so finding case-only duplicates allocates nothing.
#[derive(Debug, Clone, Copy)]
struct AsciiFolded<'a>(&'a str);

impl PartialEq for AsciiFolded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for AsciiFolded<'_> {}

impl std::hash::Hash for AsciiFolded<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // FNV-1a over the folded bytes, then one write: far cheaper than a write per byte.
        let folded =
            self.0.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3));
        state.write_u64(folded);
    }
}

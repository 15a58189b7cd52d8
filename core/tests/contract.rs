//! Table-driven tests of the data contract (../shared/DATA-FORMAT.md): one or more fixtures for
//! every rule and severity. Each fixture is built from a valid baseline row with overrides.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools may panic on failure.

use chrono::NaiveDate;
use scrutiny_core::load_cases;
use scrutiny_core::model::{Field, Schema};
use scrutiny_core::report::{LoadReport, Location, ProblemKind as K, Refusal, Severity, Status};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 31).unwrap()
}

fn header() -> String {
    Field::ALL.iter().filter(|f| f.is_in(Schema::Extract)).map(|f| f.name()).collect::<Vec<_>>().join(",")
}

/// A valid row with `overrides` applied, as CSV (values are quoted when needed).
fn row(id: &str, overrides: &[(Field, &str)]) -> String {
    let mut cells: Vec<String> = Field::ALL.iter().map(|_| String::new()).collect();
    let baseline = [
        (Field::CaseId, id),
        (Field::SubjectRef, "P-0000000a"),
        (Field::Role, "Officer"),
        (Field::AllegationCategory, "Violence"),
        (Field::ReportedDate, "2023-01-02"),
    ];
    for (f, v) in baseline {
        cells[f as usize] = v.to_string();
    }
    for (f, v) in overrides {
        cells[*f as usize] = v.to_string();
    }
    cells
        .iter()
        .zip(Field::ALL)
        .filter(|(_, f)| f.is_in(Schema::Extract))
        .map(|(c, _)| if c.contains([',', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.clone() })
        .collect::<Vec<_>>()
        .join(",")
}

fn csv(rows: &[String]) -> String {
    let mut text = header();
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    text.push('\n');
    text
}

fn load(text: &str) -> LoadReport {
    load_cases(text.as_bytes(), "cases.csv", as_of())
}

fn load_json(text: &str) -> LoadReport {
    load_cases(text.as_bytes(), "cases.json", as_of())
}

/// Asserts one problem of `kind` with `severity` at `line` (and `column`, if given).
fn expect_problem(report: &LoadReport, kind: K, severity: Severity, line: u64, column: Option<&str>) {
    let found = report.problems.iter().find(|p| p.kind == kind);
    let p = found.unwrap_or_else(|| panic!("no {kind:?} in {:#?}", report.problems));
    assert_eq!(p.severity, severity, "{p:?}");
    assert_eq!(p.location, Location::Line(line), "{p:?}");
    if let Some(c) = column {
        assert_eq!(p.column.as_deref(), Some(c), "{p:?}");
    }
    assert!(!p.message.is_empty());
}

/// A row's cells to set: (column, text).
type Cells = Vec<(Field, &'static str)>;

#[test]
fn a_valid_file_loads_cleanly() {
    let r = load(&csv(&[row("C1", &[]), row("C2", &[(Field::Source, "Hotline"), (Field::OtherForce, "Yes")])]));
    assert_eq!((r.status(), r.records.len(), r.rejected, r.warnings()), (Status::Loaded, 2, 0, 0));
}

#[test]
fn refusals_name_what_is_wrong() {
    let unterminated = format!("{}\n{}\nC3,\"P-0000000a,Officer\n", header(), row("C1", &[]));
    let mut windows_1252 = format!("{}\n{}", header(), row("C1", &[(Field::Notes, "caf")])).into_bytes();
    windows_1252.extend_from_slice(b"\xE9\n");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", b"".to_vec(), "empty"),
        ("whitespace only", b"  \n\n".to_vec(), "empty"),
        ("xlsx", b"PK\x03\x04\x14\x00rest".to_vec(), "CSV UTF-8"),
        ("utf-16 le", b"\xFF\xFEc\x00a\x00".to_vec(), "UTF-16"),
        ("utf-16 be", b"\xFE\xFF\x00c\x00a".to_vec(), "UTF-16"),
        ("utf-16 no bom", b"c\x00a\x00s\x00".to_vec(), "UTF-16"),
        ("windows-1252", windows_1252, "Windows-1252"),
        ("no header", b"\n,,\n".to_vec(), "no header"),
        ("missing column", b"case_id,role,reported_date\nC1,Officer,2023-01-02\n".to_vec(), "subject_ref, allegation_category"),
        (
            "duplicate column",
            b"case_id,subject_ref,role,allegation_category,reported_date, Case_ID \n".to_vec(),
            "\"case_id\" appears more than once",
        ),
        ("unterminated quote", unterminated.into_bytes(), "line 3"),
    ];
    for (name, bytes, needle) in cases {
        let r = load_cases(&bytes, "cases.csv", as_of());
        assert_eq!(r.status(), Status::Refused, "{name}");
        let message = r.refusal.unwrap().to_string();
        assert!(message.contains(needle), "{name}: {message}");
        assert!(r.records.is_empty());
    }
}

#[test]
fn json_refusals_give_a_position() {
    for (text, needle) in [
        ("{\"case_id\":\"C1\"}", "array of objects"),
        ("[{\"case_id\":\"C1\",\"Case_ID\":\"C2\"}]", "appears twice"),
        ("[{\"case_id\": NaN}]", "line 1"),
        ("// comment\n[]", "line 1"),
        ("[{\"case_id\":\"C1\",}]", "line 1"),
        ("[{'case_id':'C1'}]", "line 1"),
        ("[{\"case_id\":\"C1\"}] trailing", "line 1"),
    ] {
        let r = load_json(text);
        let message = r.refusal.unwrap_or_else(|| panic!("{text} was not refused")).to_string();
        assert!(message.contains(needle), "{text}: {message}");
    }
}

#[test]
fn json_records_load_and_numbers_are_row_errors() {
    let text = r#"[
      {"case_id":"C1","subject_ref":"P-0000000a","role":"Officer","allegation_category":"Violence","reported_date":"2023-01-02","notes":null},
      {"case_id":"C2","subject_ref":"P-0000000b","role":"Officer","allegation_category":"Violence","reported_date":"2023-01-02","source":12}
    ]"#;
    let r = load_json(text);
    assert_eq!((r.records.len(), r.rejected), (1, 1));
    let p = &r.problems[0];
    assert_eq!((p.kind, p.location, p.column.as_deref()), (K::WrongType, Location::Record(1), Some("source")));
}

#[test]
fn personal_data_refuses_the_file_without_repeating_it() {
    let cases = [
        (csv(&[row("C1", &[(Field::Notes, "call 07700 900123")])]), "a UK phone number", "07700"),
        (csv(&[row("C1", &[(Field::Notes, "j.smith@example.org")])]), "an email address", "example.org"),
        (csv(&[row("C1", &[(Field::Notes, "NI AB 12 34 56 C")])]), "National Insurance", "AB 12"),
        (csv(&[row("C1", &[(Field::Notes, "Seen by PC John Smith")])]), "rank followed by a name", "Smith"),
        (csv(&[row("C1", &[(Field::Notes, "DOB 12/03/1985 at SW1A 1AA")])]), "date beside a postcode", "SW1A"),
        // A rejected row (bad role) is scanned too.
        (csv(&[row("C1", &[(Field::Role, "Chief"), (Field::Notes, "x@y.com")])]), "an email address", "x@y"),
        // So is an unknown column.
        (format!("{},contact\n{},x@y.com\n", header(), row("C1", &[])), "an email address", "x@y"),
        (format!("{},officer_name\n{},Someone\n", header(), row("C1", &[])), "column name that indicates personal data", "Someone"),
    ];
    for (text, kind, secret) in cases {
        let r = load(&text);
        let message = r.refusal.as_ref().map(ToString::to_string).unwrap_or_default();
        assert!(matches!(r.refusal, Some(Refusal::PersonalData { .. })), "{text}");
        assert!(message.contains(kind) && (message.contains("line 2") || message.contains("header")), "{message}");
        assert!(!message.contains(secret), "the value must never be repeated: {message}");
    }
}

#[test]
fn court_names_places_and_statutes_are_not_personal_data() {
    let notes = [
        "Southwark Crown Court",
        "Charged under s.47 Offences Against the Person Act 1861",
        "Hampshire Constabulary; Basingstoke",
        "Case 01234567 listed",
    ];
    let rows: Vec<String> = notes
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{},Leeds Magistrates' Court", row(&format!("C{i}"), &[(Field::Notes, n)])))
        .collect();
    let r = load(&format!("{},court_name\n{}\n", header(), rows.join("\n")));
    assert_eq!(r.refusal, None);
    assert_eq!(r.records.len(), notes.len());
}

#[test]
fn value_errors_are_row_errors_with_line_and_column() {
    let cases: Vec<(Cells, K, &str, &str)> = vec![
        (vec![(Field::Role, "Offcer")], K::UnknownValue, "role", "Did you mean \"Officer\""),
        (vec![(Field::Role, "\u{41E}fficer")], K::UnknownValue, "role", "Allowed: Officer, Staff, Special constable"),
        (vec![(Field::Role, "Special-constable")], K::UnknownValue, "role", "Special constable"),
        (vec![(Field::ReportedDate, "2023/01/02")], K::BadDate, "reported_date", "accepted format"),
        (vec![(Field::ReportedDate, "2/1/23")], K::BadDate, "reported_date", "two-digit year"),
        (vec![(Field::ReportedDate, "31/02/2023")], K::BadDate, "reported_date", "not a real calendar date"),
        (vec![(Field::ReportedDate, "1989-12-31")], K::BadDate, "reported_date", "before 1 January 1990"),
        (vec![(Field::ReportedDate, "44928")], K::BadDate, "reported_date", "2023-01-02"),
        (vec![(Field::Source, "#N/A")], K::SpreadsheetError, "source", "#N/A"),
        (vec![(Field::Role, "#VALUE!")], K::SpreadsheetError, "role", "#VALUE!"),
        (vec![(Field::Role, "")], K::MissingRequired, "role", "required"),
        (vec![(Field::CaseId, "C 1")], K::BadIdentifier, "case_id", "letters, digits"),
        (vec![(Field::SubjectRef, "Jane Doe")], K::BadIdentifier, "subject_ref", "pseudonym"),
        (vec![(Field::SubjectRef, "P-0000000A")], K::BadIdentifier, "subject_ref", "lowercase"),
    ];
    for (overrides, kind, column, needle) in cases {
        let r = load(&csv(&[row("C1", &overrides)]));
        assert_eq!((r.records.len(), r.rejected), (0, 1), "{overrides:?}");
        expect_problem(&r, kind, Severity::RowError, 2, Some(column));
        let message = &r.problems.iter().find(|p| p.kind == kind).unwrap().message;
        assert!(message.contains(needle), "{overrides:?}: {message}");
    }
    // The malformed pseudonym is not repeated: it may be a real name.
    let r = load(&csv(&[row("C1", &[(Field::SubjectRef, "Jane Doe")])]));
    assert!(!r.problems[0].message.contains("Jane"));
}

#[test]
fn allowed_values_are_normalised() {
    for value in ["officer", "  OFFICER ", "Officer\t", "special\u{A0}constable", "Special   Constable"] {
        let r = load(&csv(&[row("C1", &[(Field::Role, value)])]));
        assert_eq!(r.records.len(), 1, "{value:?}");
    }
    let r = load(&csv(&[row("C1", &[(Field::Notes, "  kept exactly  ")])]));
    assert_eq!(r.records[0].notes.as_deref(), Some("  kept exactly  "));
}

#[test]
fn rules_across_fields_name_both_fields() {
    use Field as F;
    let charged = [(F::ChargedDate, "2023-02-01"), (F::OffenceGroup, "Violence")];
    let with_charge = |extra: &[(Field, &'static str)]| -> Vec<(Field, &'static str)> { charged.iter().chain(extra).copied().collect() };
    let cases: Vec<(Vec<(Field, &str)>, &str)> = vec![
        (vec![(F::ReviewStatus, "Completed")], "review_status and review_completed_date"),
        (vec![(F::ReviewStatus, "In progress"), (F::ReviewCompletedDate, "2023-03-01")], "review_status and review_completed_date"),
        (vec![(F::ReviewResult, "Risk management"), (F::ReviewStatus, "In progress")], "review_result and review_status"),
        (vec![(F::ChargedDate, "2023-02-01")], "charged_date and offence_group"),
        (vec![(F::OffenceGroup, "Violence")], "charged_date and offence_group"),
        (vec![(F::CourtDate, "2023-03-01")], "court_date and charged_date"),
        (with_charge(&[(F::CourtDate, "2023-01-20")]), "court_date and charged_date"),
        (vec![(F::CriminalOutcome, "Pending")], "criminal_outcome and charged_date"),
        (with_charge(&[(F::CriminalOutcome, "Convicted")]), "criminal_outcome and criminal_outcome_date"),
        (
            with_charge(&[(F::CriminalOutcome, "Pending"), (F::CriminalOutcomeDate, "2023-05-01")]),
            "criminal_outcome and criminal_outcome_date",
        ),
        (vec![(F::MisconductOutcome, "Dismissed without notice")], "misconduct_outcome and misconduct_outcome_date"),
        (vec![(F::MisconductOutcomeDate, "2023-05-01")], "misconduct_outcome and misconduct_outcome_date"),
        (
            vec![(F::MisconductOutcome, "No case to answer"), (F::MisconductOutcomeDate, "2022-12-01")],
            "misconduct_outcome_date and reported_date",
        ),
    ];
    for (overrides, columns) in cases {
        let r = load(&csv(&[row("C1", &overrides)]));
        assert_eq!(r.rejected, 1, "{overrides:?}");
        let p = r.problems.iter().find(|p| p.kind == K::RuleBroken).unwrap_or_else(|| panic!("{overrides:?}: {:?}", r.problems));
        assert_eq!(p.column.as_deref(), Some(columns), "{overrides:?}");
    }
}

#[test]
fn the_as_of_date_is_the_callers() {
    let late = csv(&[row("C1", &[(Field::MisconductOutcome, "No case to answer"), (Field::MisconductOutcomeDate, "2024-04-02")])]);
    let r = load(&late);
    expect_problem(&r, K::AfterAsOf, Severity::RowError, 2, Some("misconduct_outcome_date"));
    let later = load_cases(late.as_bytes(), "cases.csv", NaiveDate::from_ymd_opt(2024, 5, 1).unwrap());
    assert_eq!(later.rejected, 0);
    let scheduled = load(&csv(&[row(
        "C1",
        &[(Field::ChargedDate, "2024-03-01"), (Field::OffenceGroup, "Violence"), (Field::CourtDate, "2024-04-15")],
    )]));
    expect_problem(&scheduled, K::ScheduledHearing, Severity::Warning, 2, Some("court_date"));
    assert_eq!(scheduled.records.len(), 1);
}

#[test]
fn duplicates_conflicting_exact_and_case_only() {
    let r =
        load(&csv(&[row("C1", &[]), row("C1", &[]), row("C2", &[]), row("C2", &[(Field::Role, "Staff")]), row("c3", &[]), row("C3", &[])]));
    assert_eq!(r.records.len(), 3, "C1 once, c3 and C3");
    assert_eq!(r.rejected, 2, "both copies of C2");
    expect_problem(&r, K::ExactDuplicate, Severity::Warning, 3, Some("case_id"));
    let conflicts: Vec<_> = r.problems.iter().filter(|p| p.kind == K::ConflictingDuplicate).collect();
    assert_eq!(conflicts.len(), 2);
    assert!(conflicts[0].message.contains("line 5") && conflicts[1].message.contains("line 4"), "{conflicts:?}");
    expect_problem(&r, K::CaseOnlyDuplicate, Severity::Warning, 7, Some("case_id"));
}

#[test]
fn warnings_keep_the_row() {
    let cases: Vec<(Cells, K, &str)> = vec![
        (vec![(Field::Source, "NA")], K::MissingSentinel, "source"),
        (vec![(Field::Source, "N/A")], K::MissingSentinel, "source"),
        (vec![(Field::Source, "NULL")], K::MissingSentinel, "source"),
        (vec![(Field::Source, "null")], K::MissingSentinel, "source"),
        (vec![(Field::Source, "None")], K::MissingSentinel, "source"),
        (vec![(Field::Source, "-")], K::MissingSentinel, "source"),
        (vec![(Field::Notes, "=HYPERLINK(\"x\")")], K::FormulaLikeText, "notes"),
        (vec![(Field::Notes, "@SUM(A1)")], K::FormulaLikeText, "notes"),
        (vec![(Field::Notes, "<img src=x onerror=alert(1)>")], K::HtmlLikeText, "notes"),
        (vec![(Field::Notes, "abc\u{202E}def")], K::ControlCharacters, "notes"),
        (vec![(Field::Notes, "zero\u{200B}width")], K::ControlCharacters, "notes"),
    ];
    for (overrides, kind, column) in cases {
        let r = load(&csv(&[row("C1", &overrides)]));
        assert_eq!((r.records.len(), r.rejected, r.warnings()), (1, 0, 1), "{overrides:?}: {:?}", r.problems);
        expect_problem(&r, kind, Severity::Warning, 2, Some(column));
    }
}

#[test]
fn file_level_warnings_and_structure() {
    let head = format!("{},colour,,", header());
    let text = format!("\u{FEFF}{head}\n{},red,,\n\n,,,\n{},blue,,,\n{head}\n", row("C1", &[]), row("C2", &[]));
    let r = load(&text);
    assert_eq!(r.records.len(), 2);
    assert_eq!(r.blank_rows_skipped, 2, "an empty line and a row of empty fields");
    let kinds: Vec<K> = r.problems.iter().map(|p| p.kind).collect();
    assert!(
        kinds.contains(&K::UnknownColumn) && kinds.contains(&K::TrailingEmptyFields) && kinds.contains(&K::RepeatedHeader),
        "{kinds:?}"
    );
    assert!(!r.problems.iter().any(|p| p.message.contains("BOM")), "a BOM is stripped silently");
}

#[test]
fn row_shape_errors() {
    let short = format!("{}\nC1,P-0000000a,Officer\n", header());
    expect_problem(&load(&short), K::WrongFieldCount, Severity::RowError, 2, None);
    let extra = format!("{}\n{},surprise\n", header(), row("C1", &[]));
    expect_problem(&load(&extra), K::WrongFieldCount, Severity::RowError, 2, None);
    let long = csv(&[row("C1", &[(Field::Notes, &"x".repeat(10_001))])]);
    expect_problem(&load(&long), K::FieldTooLong, Severity::RowError, 2, Some("notes"));
}

#[test]
fn a_huge_field_does_not_freeze_the_loader() {
    let huge = csv(&[row("C1", &[(Field::Notes, &"y".repeat(20 * 1024 * 1024))]), row("C2", &[])]);
    let r = load(&huge);
    assert_eq!((r.records.len(), r.rejected), (1, 1));
}

#[test]
fn quoting_line_endings_and_delimiters() {
    let quoted = csv(&[row("C1", &[(Field::Notes, "a, \"quoted\"\nsecond line \\ backslash")])]);
    assert_eq!(load(&quoted).records[0].notes.as_deref(), Some("a, \"quoted\"\nsecond line \\ backslash"));
    let base = csv(&[row("C1", &[]), row("C2", &[])]);
    for ending in ["\r\n", "\r"] {
        assert_eq!(load(&base.replace('\n', ending)).records.len(), 2, "{ending:?}");
    }
    let semicolons = format!("sep=;\n{}", base.replace(',', ";"));
    let r = load(&semicolons);
    assert_eq!((r.records.len(), r.warnings()), (2, 0));
    let detected = load(&base.replace(',', ";"));
    assert_eq!(detected.records.len(), 2);
    assert_eq!(detected.problems[0].kind, K::DelimiterDetected);
}

#[test]
fn counting_follows_the_contract() {
    // Two broken rules on one row: rejected once. Two sentinels on a kept row: two warnings.
    // Warnings on a rejected row are not counted.
    let r = load(&csv(&[
        row("C1", &[(Field::ReviewStatus, "Completed"), (Field::ChargedDate, "2023-02-01")]),
        row("C2", &[(Field::Source, "NA"), (Field::Proceedings, "N/A")]),
        row("C3", &[(Field::Source, "NA"), (Field::Role, "Nobody")]),
    ]));
    assert_eq!((r.records.len(), r.rejected, r.warnings()), (1, 2, 2));
    assert_eq!(r.row_errors(), 3);
}

#[test]
fn a_repeated_header_is_recognised_however_it_is_disguised() {
    let head = header();
    let spaced = head.split(',').map(|c| format!("  {}\t", c.to_uppercase())).collect::<Vec<_>>().join(",");
    let quoted = head.split(',').map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(",");
    let disguises = [
        format!("\u{FEFF}{head}"),
        spaced,
        quoted,
        format!("{},,", head.replace("case_id", "Case_ID")),
        format!("sep=,\n\u{FEFF}{head}"),
        head.replace("subject_ref", "subject\u{00A0}ref").replace("subject\u{00A0}ref", "SUBJECT_REF "),
    ];
    for disguise in disguises {
        // Two exports pasted together: the second brings its header (and maybe Excel's sep= line).
        let text = format!("{}\n{}\n{disguise}\n{}\n", head, row("C1", &[]), row("C2", &[]));
        let r = load(&text);
        assert_eq!((r.records.len(), r.rejected, r.row_errors()), (2, 0, 0), "{disguise:?}: {:#?}", r.problems);
        assert!(
            r.problems.iter().all(|p| p.kind == K::RepeatedHeader && p.severity == Severity::Warning),
            "{disguise:?}: {:#?}",
            r.problems
        );
        expect_problem(&r, K::RepeatedHeader, Severity::Warning, 3, None);
    }
}

#[test]
fn row_problems_give_the_line_the_row_is_on_whatever_the_line_endings() {
    // The bad row is on line 5 of each file: after the header, a good row and two blank lines.
    let rows = [header(), row("C1", &[]), String::new(), String::new(), row("C2", &[(Field::Role, "Offcer")])];
    for ending in ["\n", "\r\n", "\r"] {
        let text = rows.join(ending) + ending;
        let r = load(&text);
        assert_eq!(r.blank_rows_skipped, 2, "{ending:?}");
        expect_problem(&r, K::UnknownValue, Severity::RowError, 5, Some("role"));
    }
    // A quoted field over two lines moves the lines after it on, and a sep= line counts.
    let quoted = format!(
        "sep=,\r\n{}\r\n{}\r\n{}\r\n",
        header(),
        row("C1", &[(Field::Notes, "two\r\nlines")]),
        row("C2", &[(Field::Role, "Offcer")])
    );
    expect_problem(&load(&quoted), K::UnknownValue, Severity::RowError, 5, Some("role"));
}

//! Tests of reading CSV and JSON containers.

use super::*;
use crate::model::Field;
use crate::report::{Location, Problem, ProblemKind, Refusal};

/// What reading found, with the rows copied out.
struct Read {
    rows: Vec<(Location, Vec<Option<String>>)>,
    problems: Vec<Problem>,
    rejected: usize,
    blank_rows_skipped: usize,
}

impl Read {
    fn cell(&self, row: usize, field: Field) -> Option<&str> {
        self.rows[row].1[field as usize].as_deref()
    }
}

fn read(bytes: &[u8], format: Format) -> Result<Read, Refusal> {
    let mut rows = Vec::new();
    let table = read_table(bytes, format, Schema::Extract, &mut |r: RawRow<'_>| {
        rows.push((r.location, r.cells.iter().map(|c| c.map(String::from)).collect()));
    })?;
    Ok(Read { rows, problems: table.problems, rejected: table.rejected, blank_rows_skipped: table.blank_rows_skipped })
}

fn csv(text: &str) -> Read {
    read(text.as_bytes(), Format::Csv).unwrap()
}

const HEADER: &str = "case_id,subject_ref,role,allegation_category,reported_date";

#[test]
fn refuses_wrong_containers_with_advice() {
    assert_eq!(read(b"", Format::Csv).err(), Some(Refusal::Empty));
    assert_eq!(read(b"PK\x03\x04rest", Format::Csv).err(), Some(Refusal::Zip));
    assert!(matches!(read(b"\xFF\xFEc\0a\0", Format::Csv), Err(Refusal::Utf16 { .. })));
    let err = read(b"case_id\ncaf\xE9\n", Format::Csv).err().unwrap();
    assert_eq!(err, Refusal::NotUtf8 { byte: 0xE9, line: 2 });
    assert!(err.to_string().contains("CSV UTF-8"));
}

#[test]
fn reads_all_line_endings_and_skips_blank_rows() {
    for sep in ["\n", "\r\n", "\r"] {
        let text =
            format!("{HEADER}{sep}C1,P-00000001,Officer,Violence,2023-01-02{sep}{sep},,,,{sep}C2,P-00000002,Staff,Other,2023-01-03{sep}");
        let t = csv(&text);
        assert_eq!(t.rows.len(), 2, "separator {sep:?}");
        assert_eq!(t.blank_rows_skipped, 2, "separator {sep:?}");
    }
}

#[test]
fn header_is_matched_by_name_and_checked() {
    let t = csv(" Reported_Date ,CASE_ID,subject_ref,role,allegation_category,colour\n2023-01-02,C1,P-00000001,Officer,Violence,red\n");
    assert_eq!(t.cell(0, Field::CaseId), Some("C1"));
    assert_eq!(t.problems[0].kind, ProblemKind::UnknownColumn);
    assert!(matches!(read(b"case_id,case_id\n", Format::Csv), Err(Refusal::DuplicateColumn { .. })));
    let Err(Refusal::MissingColumns { columns, .. }) = read(b"case_id,role\nC1,Officer\n", Format::Csv) else { panic!() };
    assert_eq!(columns, ["subject_ref", "allegation_category", "reported_date"]);
}

#[test]
fn excel_separator_line_switches_to_semicolons_and_keeps_line_numbers() {
    let t = csv("sep=;\ncase_id;subject_ref;role;allegation_category;reported_date\nC1;P-00000001;Officer;Violence;2023-01-02\n");
    assert_eq!(t.rows[0].0, Location::Line(3));
    assert!(t.problems.is_empty());
    let detected = csv("case_id;subject_ref;role;allegation_category;reported_date\nC1;P-00000001;Officer;Violence;2023-01-02\n");
    assert_eq!(detected.problems[0].kind, ProblemKind::DelimiterDetected);
}

#[test]
fn row_shapes_are_checked() {
    let t = csv(&format!(
        "{HEADER}\nC1,P-00000001,Officer\nC2,P-00000002,Staff,Other,2023-01-03,,\nC3,P-00000003,Staff,Other,2023-01-03,x\n{HEADER}\n"
    ));
    let kinds: Vec<_> = t.problems.iter().map(|p| (p.location, p.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            (Location::Line(2), ProblemKind::WrongFieldCount),
            (Location::Line(3), ProblemKind::TrailingEmptyFields),
            (Location::Line(4), ProblemKind::WrongFieldCount),
            (Location::Line(5), ProblemKind::RepeatedHeader),
        ]
    );
    assert_eq!(t.rejected, 2);
    assert_eq!(t.rows.len(), 1);
}

#[test]
fn long_fields_are_row_errors() {
    let long = "x".repeat(MAX_FIELD_CHARS + 1);
    let t = csv(&format!("{HEADER},notes\nC1,P-00000001,Officer,Violence,2023-01-02,\"{long}\"\n"));
    assert_eq!(t.rejected, 1);
    assert_eq!(t.problems[0].kind, ProblemKind::FieldTooLong);
}

#[test]
fn json_is_strict() {
    let ok = read(br#"[{"Case_ID ":"C1","subject_ref":"P-00000001","role":"Officer","allegation_category":"Violence","reported_date":"2023-01-02","source":null,"extra":"x"}]"#, Format::Json).unwrap();
    assert_eq!(ok.cell(0, Field::CaseId), Some("C1"));
    assert_eq!(ok.cell(0, Field::Source), None);
    assert_eq!(ok.problems[0].kind, ProblemKind::UnknownColumn);
    let dup = read(br#"[{"case_id":"C1","CASE_ID":"C2"}]"#, Format::Json).err().unwrap();
    assert!(dup.to_string().contains("appears twice"), "{dup}");
    let number = read(br#"[{"case_id":123}]"#, Format::Json).unwrap();
    assert_eq!(number.problems[0].kind, ProblemKind::WrongType);
    for bad in [&b"[{\"case_id\": NaN}]"[..], b"[{\"case_id\":\"C1\",}]", b"// c\n[]", b"{\"case_id\":\"C1\"}"] {
        assert!(matches!(read(bad, Format::Json), Err(Refusal::BrokenJson { .. })), "{}", String::from_utf8_lossy(bad));
    }
}

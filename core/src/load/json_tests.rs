//! The one-pass JSON reader against the two-pass reader it replaced (which parsed every object
//! first, then scanned, then read the rows): the same rows and report for every input.

use super::*;
use crate::load::JsonStream;
use proptest::prelude::*;

/// The reader this one replaced, kept as the oracle.
fn reference(text: &str, schema: Schema, sink: &mut RowSink<'_>) -> Result<RawTable, Refusal> {
    let objects: Vec<JsonObject> = serde_json::from_str(text)
        .map_err(|e| Refusal::BrokenJson { path: format!("line {}, column {}", e.line(), e.column()), detail: json_error_detail(&e) })?;
    let mut table = RawTable::default();
    let mut unknown_keys: Vec<String> = Vec::new();
    let mut privacy = PrivacyScan::default();
    // Each distinct key is scanned once; every value is scanned.
    let mut keys_seen: HashSet<&str> = HashSet::new();
    for (index, JsonObject(entries)) in objects.iter().enumerate() {
        for (position, (key, value)) in entries.iter().enumerate() {
            if keys_seen.insert(key) {
                privacy.scan_name(key, position);
            }
            if let Some(kind) = value.text().and_then(crate::privacy::scan_value) {
                privacy.add(Location::Record(index), &display_column_name(key, position), kind);
            }
        }
    }
    privacy.into_result()?;
    for (index, JsonObject(entries)) in objects.into_iter().enumerate() {
        let location = Location::Record(index);
        if let Some(row) = read_json_object(&entries, location, schema, &mut table, &mut unknown_keys)? {
            sink(row);
        }
    }
    let names: Vec<(String, Location)> = unknown_keys.into_iter().map(|k| (k, Location::Header)).collect();
    let mut header_problems = Vec::new();
    // Only unknown keys are passed here, so this can only warn, never refuse.
    let _ = map_columns(&names, schema, &mut header_problems);
    header_problems.retain(|p| p.kind == ProblemKind::UnknownColumn);
    table.problems.splice(0..0, header_problems);
    Ok(table)
}

type Outcome = Result<(Vec<(Location, Vec<Option<String>>)>, RawTable), Refusal>;

fn outcome(read: impl FnOnce(&mut RowSink<'_>) -> Result<RawTable, Refusal>) -> Outcome {
    let mut rows = Vec::new();
    let table = read(&mut |r: RawRow<'_>| rows.push((r.location, r.cells.iter().map(|c| c.map(String::from)).collect())))?;
    Ok((rows, table))
}

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        " ",
        "\n",
        "null",
        "1",
        "1.",
        "true",
        "\"x\"",
        "[1]",
        "\"case_id\"",
        "\"CASE_ID\"",
        "\"C1\"",
        "\"subject_ref\"",
        "\"P-0000000a\"",
        "\"role\"",
        "\"Officer\"",
        "\"colour\"",
        "\"a@example.org\"",
        "\"email\"",
        "\"subject_cases\"",
        "\"\\u00e9\"",
        "NaN",
        "\"\\\"\"",
        "{\"case_id\":\"C1\",\"role\":\"Officer\"}",
        "{\"case_id\":\"C1\",\"CASE_ID\":\"C2\"}",
        "{\"case_id\":12}",
        "{\"notes\":\"PC John Smith\"}",
        "{\"subject_cases\":\"One\"}",
        "{}",
    ])
}

/// An array of objects whose keys and values come from a small set (well formed, mostly).
fn array() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec!["case_id", "CASE_ID", "role", "notes", "colour", "email", "subject_cases", "reported_date"]);
    let value =
        prop::sample::select(vec!["\"C1\"", "null", "1", "\"Officer\"", "\"PC John Smith\"", "\"a@example.org\"", "\"\"", "\" \"", "[]"]);
    let object = prop::collection::vec((key, value), 0..5)
        .prop_map(|entries| format!("{{{}}}", entries.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(",")));
    prop::collection::vec(object, 0..6).prop_map(|objects| format!("[{}]", objects.join(",")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn one_pass_reads_arrays_as_two_passes_did(text in array()) {
        for schema in [Schema::Extract, Schema::Release] {
            prop_assert_eq!(outcome(|sink| read_json(&text, schema, sink)), outcome(|sink| reference(&text, schema, sink)), "{}", text);
        }
    }

    #[test]
    fn one_pass_reads_as_two_passes_did(pieces in prop::collection::vec(piece(), 0..16)) {
        let text = pieces.concat();
        for schema in [Schema::Extract, Schema::Release] {
            prop_assert_eq!(outcome(|sink| read_json(&text, schema, sink)), outcome(|sink| reference(&text, schema, sink)), "{}", text);
        }
    }
}

/// The stream reader over `text` cut at `cuts`.
fn streamed(text: &str, cuts: &[usize], schema: Schema) -> Outcome {
    let bytes = text.as_bytes();
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    points.extend([0, bytes.len()]);
    points.sort_unstable();
    let mut rows = Vec::new();
    let mut copy = |r: RawRow<'_>| rows.push((r.location, r.cells.iter().map(|c| c.map(String::from)).collect()));
    let mut stream = JsonStream::new(schema);
    for pair in points.windows(2) {
        stream.push(&bytes[pair[0]..pair[1]], &mut copy);
    }
    let table = stream.finish(&mut copy)?;
    Ok((rows, table))
}

/// The whole-file reader over the same bytes (with the encoding checked as a file is).
fn whole(text: &str, schema: Schema) -> Outcome {
    outcome(|sink| read_json(crate::load::decode_text(text.as_bytes())?, schema, sink))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(3000)))]

    #[test]
    fn streamed_in_any_chunks_reads_as_the_whole_file_does(
        text in prop_oneof![array(), prop::collection::vec(piece(), 0..16).prop_map(|p| p.concat())],
        cuts in prop::collection::vec(0usize..400, 0..5),
    ) {
        for schema in [Schema::Extract, Schema::Release] {
            let expected = whole(&text, schema);
            prop_assert_eq!(&streamed(&text, &[], schema), &expected, "{}", text);
            prop_assert_eq!(&streamed(&text, &cuts, schema), &expected, "{} cut at {:?}", text, cuts);
        }
    }
}

#[test]
fn a_long_array_is_read_in_windows_with_errors_where_the_whole_file_has_them() {
    let object = r#"{"case_id":"C1","role":"Officer","notes":"a \"quoted\" note, with [brackets] and {braces}"}"#;
    let many = vec![object; 8000].join(",\n  ");
    let texts = [
        format!("[{many}]"),
        format!("[\n  {many},\n]"),
        format!("[{many} {object}]"),
        format!("[{many}] x"),
        format!("[{many}, 12]"),
        format!("[{many}, {{\"a\": ]}}]"),
        format!("[{many}"),
    ];
    for (i, text) in texts.iter().enumerate() {
        for schema in [Schema::Extract, Schema::Release] {
            let expected = whole(text, schema);
            // Only the first is well formed; each of the others is refused at its fault (a
            // release refuses them all: it may not hold case_id).
            if schema == Schema::Extract {
                assert_eq!(expected.is_ok(), i == 0, "{:?}", expected.as_ref().err());
            }
            assert_eq!(streamed(text, &[], schema), expected);
            assert_eq!(streamed(text, &[1, 70_000, 300_000, 300_001, 500_000], schema), expected);
        }
    }
}

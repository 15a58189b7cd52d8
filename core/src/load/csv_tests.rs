//! The stream reader against the csv crate's reader it replaced (kept as `csv_reference`, an
//! independent reading of the same contract): the same rows and report for every file, and
//! for every way of cutting a file into chunks.

use super::CsvStream;
use crate::load::rows::RawRow;
use crate::load::{csv_reference, decode_text, RawTable};
use crate::model::Schema;
use crate::report::{Location, Refusal};
use proptest::prelude::*;

/// What reading gave: the rows (location and cells) and the table, or the refusal.
type Outcome = Result<(Vec<(Location, Vec<Option<String>>)>, RawTable), Refusal>;

fn copy(rows: &mut Vec<(Location, Vec<Option<String>>)>, row: &RawRow<'_>) {
    rows.push((row.location, row.cells.iter().map(|c| c.map(String::from)).collect()));
}

/// The stream reader over `bytes` cut at `cuts` (byte offsets, any order).
fn streamed(bytes: &[u8], cuts: &[usize], schema: Schema) -> Outcome {
    let mut rows = Vec::new();
    let mut stream = CsvStream::new(schema);
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    points.extend([0, bytes.len()]);
    points.sort_unstable();
    for pair in points.windows(2) {
        stream.push(&bytes[pair[0]..pair[1]], &mut |r| copy(&mut rows, &r));
    }
    let table = stream.finish(&mut |r| copy(&mut rows, &r))?;
    Ok((rows, table))
}

/// The csv crate's reader over the whole file.
fn reference(bytes: &[u8], schema: Schema) -> Outcome {
    let mut rows = Vec::new();
    let table = csv_reference::read_csv(decode_text(bytes)?, schema, &mut |r| copy(&mut rows, &r))?;
    Ok((rows, table))
}

const HEADER: &str = "case_id,subject_ref,role,allegation_category,reported_date";

/// Pieces files are made of: the header, rows good and bad, quotes, every line ending, blank
/// lines, a `sep=` line, byte-order marks, non-ASCII text and stray bytes.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        HEADER,
        "C1,P-00000001,Officer,Violence,2023-01-02",
        "\"C2\",\"P-0000000a\",\"Staff\",\"Other\",\"2023-01-03\"",
        "C3,P-00000003,Officer,\"Sexual, offence\",2023-01-02",
        ",,,,",
        ",",
        ";",
        "\"",
        "\"\"",
        "\"a\nb\"",
        "\"a\r\nb\"",
        "x\"y",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "sep=;",
        "\u{feff}",
        "\u{feff}case_id,subject_ref,role,allegation_category,reported_date",
        " CASE_ID , Subject_Ref,role,allegation_category,reported_date,,",
        "caf\u{e9} \u{20ac}",
        "e\u{301}",
        "notes",
        ",notes",
        "a@example.org",
    ])
}

fn file() -> impl Strategy<Value = Vec<u8>> {
    (prop::collection::vec(piece(), 0..14), prop::collection::vec(prop::sample::select(vec![b'\xE9', b'\xC3', b'\x80', b'a']), 0..2))
        .prop_map(|(pieces, stray)| {
            let mut bytes = pieces.concat().into_bytes();
            if let Some(b) = stray.first() {
                let at = bytes.len() / 2;
                bytes.insert(at, *b);
            }
            bytes
        })
}

proptest! {
    // PROPTEST_CASES sets a longer run (the README's fuzzing section).
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(3000)))]

    #[test]
    fn any_split_of_any_file_reads_as_the_csv_crate_reads_it_whole(bytes in file(), cuts in prop::collection::vec(0usize..10_000, 0..6)) {
        for schema in [Schema::Extract, Schema::Release] {
            let whole = streamed(&bytes, &[], schema);
            // A byte-order mark inside the file is where the two readers differ on purpose:
            // a header pasted in with its mark is recognised as the header repeated.
            // So is a `sep=` line after the first: Excel's, brought by a second export.
            let inner_mark = bytes.windows(3).skip(4).any(|w| w == b"\xEF\xBB\xBF");
            let inner_sep = bytes.windows(4).skip(1).any(|w| w == b"sep=");
            if !inner_mark && !inner_sep {
                prop_assert_eq!(&whole, &reference(&bytes, schema), "{:?}", String::from_utf8_lossy(&bytes));
            }
            prop_assert_eq!(&streamed(&bytes, &cuts, schema), &whole, "cut at {:?}", cuts);
        }
    }
}

#[test]
fn every_single_cut_of_a_tricky_file_gives_the_same_rows() {
    let text = format!(
        "sep=;\r\n\r\n\u{feff}{h}\r\nC1;P-00000001;Officer;\"Viol\r\nence\";2023-01-02\r\r\n\n;;;;\n{h}\n\"open",
        h = HEADER.replace(',', ";")
    );
    let bytes = text.as_bytes();
    let whole = streamed(bytes, &[], Schema::Extract);
    assert_eq!(whole, reference(bytes, Schema::Extract));
    for cut in 0..=bytes.len() {
        for second in [cut + 1, cut + 3] {
            assert_eq!(streamed(bytes, &[cut, second], Schema::Extract), whole, "cut at {cut} and {second}");
        }
    }
}

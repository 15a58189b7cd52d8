//! `scrutiny publish` end to end: bad input gets a clear message and the right exit code with
//! nothing written or overwritten; a published folder answers `check` and `summary`; and a
//! motivated intruder's differencing attack on views through `summary --disclosed --json`
//! finds no small group.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools may panic on failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scrutiny(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scrutiny")).args(args).current_dir(dir).env("SOURCE_DATE_EPOCH", "1711929600").output().unwrap()
}

/// A scratch folder holding the generated internal extract under `extract/`.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scrutiny-publish-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    assert!(scrutiny(&["sample", "extract"], &dir).status.success());
    dir
}

fn publish(dir: &Path, cases: &str, release: &str, out: &str) -> Output {
    scrutiny(&["publish", cases, "--metadata", "extract/dataset.json", "--release", release, "--out", out, "--json"], dir)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn bad_requests_are_usage_errors_and_write_nothing() {
    let dir = workspace("usage");
    let missing = scrutiny(&["publish", "extract/cases.csv", "--metadata", "nope.json", "--release", "r1", "--out", "data"], &dir);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nope.json: no such metadata file"), "{}", stderr(&missing));
    let bad_id = publish(&dir, "extract/cases.csv", "../escape", "data");
    assert_eq!(bad_id.status.code(), Some(2));
    assert!(stderr(&bad_id).contains("not a usable release id"));
    let no_out = scrutiny(&["publish", "extract/cases.csv", "--metadata", "extract/dataset.json", "--release", "r1"], &dir);
    assert_eq!(no_out.status.code(), Some(2));
    assert!(stderr(&no_out).contains("--out DATA_DIR"));
    assert!(!dir.join("data").exists(), "nothing was written");

    // A folder holding something else is not a data folder.
    std::fs::create_dir_all(dir.join("other")).unwrap();
    std::fs::write(dir.join("other/holiday.jpg"), b"x").unwrap();
    let foreign = publish(&dir, "extract/cases.csv", "r1", "other");
    assert_eq!(foreign.status.code(), Some(2));
    assert!(stderr(&foreign).contains("holds something other than Scrutiny releases (holiday.jpg)"), "{}", stderr(&foreign));

    // A release that exists is never overwritten.
    assert_eq!(publish(&dir, "extract/cases.csv", "r1", "data").status.code(), Some(0));
    let manifest = std::fs::read(dir.join("data/r1/manifest.json")).unwrap();
    let again = publish(&dir, "extract/cases.csv", "r1", "data");
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    assert_eq!(std::fs::read(dir.join("data/r1/manifest.json")).unwrap(), manifest);
    // A second release is added to the list beside the first; no temporary folder is left.
    assert_eq!(publish(&dir, "extract/cases.csv", "r2", "data").status.code(), Some(0));
    let list: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("data/releases.json")).unwrap()).unwrap();
    let ids: Vec<&str> = list["releases"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    // The same as-of date and publication time (SOURCE_DATE_EPOCH): the one published last first.
    assert_eq!(ids, ["r2", "r1"]);
    let mut entries: Vec<String> =
        std::fs::read_dir(dir.join("data")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    entries.sort();
    assert_eq!(entries, ["r1", "r2", "releases.json", "releases.xml"]);
    let unknown = scrutiny(&["summary", "data/r9"], &dir);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no such file or release folder"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_extract_that_fails_its_checks_is_not_published() {
    let dir = workspace("checks");
    let text = std::fs::read_to_string(dir.join("extract/cases.csv")).unwrap();
    let bad_row = format!("{text}BAD-1,P-0000000a,Offcer,Violence,2023-01-02,,,,,,,,,,,,,,\n");
    std::fs::write(dir.join("row-error.csv"), bad_row).unwrap();
    let out = publish(&dir, "row-error.csv", "r1", "data");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["published"], false);
    assert_eq!(report["check"]["rejected"], 1);
    assert!(report["reason"].as_str().unwrap().contains("row(s) have errors"));
    std::fs::write(dir.join("refused.csv"), "case_id\nC1\n").unwrap();
    let refused = publish(&dir, "refused.csv", "r1", "data");
    assert_eq!(refused.status.code(), Some(1));
    let header = "case_id,subject_ref,role,allegation_category,reported_date\n";
    std::fs::write(dir.join("tiny.csv"), format!("{header}C1,P-00000001,Officer,Violence,2023-01-02\n")).unwrap();
    let tiny = publish(&dir, "tiny.csv", "r1", "data");
    assert_eq!(tiny.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&tiny.stdout).contains("fewer than min_cell_count"));
    // A threshold of 1 or 2 protects nobody.
    let text = std::fs::read_to_string(dir.join("extract/dataset.json")).unwrap();
    std::fs::write(dir.join("k2.json"), text.replace("\"min_cell_count\": 3", "\"min_cell_count\": 2")).unwrap();
    let low = scrutiny(&["publish", "extract/cases.csv", "--metadata", "k2.json", "--release", "r1", "--out", "data"], &dir);
    assert_eq!(low.status.code(), Some(1));
    assert!(stderr(&low).contains("min_cell_count is 2: a public release needs at least 3"), "{}", stderr(&low));
    assert!(!dir.join("data").exists(), "nothing was written");
    std::fs::remove_dir_all(dir).ok();
}

/// `summary --disclosed --json` of `release` for the given arguments.
fn disclosed(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["summary", "data/demo", "--disclosed", "--json"];
    all.extend_from_slice(args);
    let out = scrutiny(&all, dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn records(v: &serde_json::Value) -> Option<u64> {
    v["figures"]["records"].as_u64()
}

#[test]
fn a_published_release_answers_check_and_summary_and_resists_differencing() {
    let dir = workspace("views");
    assert_eq!(publish(&dir, "extract/cases.csv", "demo", "data").status.code(), Some(0));
    assert_eq!(scrutiny(&["check", "data/demo"], &dir).status.code(), Some(0));
    let internal: serde_json::Value = serde_json::from_slice(&scrutiny(&["summary", "extract/cases.csv", "--json"], &dir).stdout).unwrap();
    let public = disclosed(&dir, &[]);
    assert_eq!(records(&public), internal["aggregates"]["records"].as_u64(), "the whole release's total is exact");

    // Views one day apart: the release dates reports to the month, so both days give the same view.
    let k = 3;
    for (a, b) in [("2023-03-14", "2023-03-15"), ("2021-06-30", "2021-07-01"), ("2019-12-31", "2020-01-01")] {
        for bound in ["--from", "--to"] {
            let (x, y) = (disclosed(&dir, &[bound, a]), disclosed(&dir, &[bound, b]));
            if let (Some(x), Some(y)) = (records(&x), records(&y)) {
                let d = x.abs_diff(y);
                assert!(d == 0 || d >= k, "{bound} {a} and {b} differ by {d} cases");
            }
        }
    }
    // A view against a wider one (a category against all, a role or source against the rest,
    // a combination against each of its parts, adjacent periods): the difference is a set of
    // cases, and it is never 1 or 2 of them.
    let sc_dishonesty = ["--role", "Special constable", "--category", "Dishonesty"];
    let nested: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec![], vec!["--category", "Discrimination"]),
        (vec![], vec!["--category", "Other"]),
        (vec![], vec!["--role", "Special constable"]),
        (vec![], vec!["--source", "Internal referral"]),
        (vec![], vec!["--source", "not recorded"]),
        (vec![], vec!["--role", "Officer", "--role", "Staff"]),
        (vec!["--role", "Special constable"], sc_dishonesty.to_vec()),
        (vec!["--category", "Dishonesty"], sc_dishonesty.to_vec()),
        (sc_dishonesty.to_vec(), [&sc_dishonesty[..], &["--from", "2023-01-01"]].concat()),
        ([&sc_dishonesty[..], &["--from", "2023-01-01"]].concat(), [&sc_dishonesty[..], &["--from", "2023-02-01"]].concat()),
        (vec!["--from", "2022-01-01", "--to", "2022-12-31"], vec!["--from", "2022-01-01", "--to", "2022-06-30"]),
    ];
    for (wider, narrower) in &nested {
        if let (Some(a), Some(b)) = (records(&disclosed(&dir, wider)), records(&disclosed(&dir, narrower))) {
            let d = a - b;
            assert!(d == 0 || d >= k, "{wider:?} and {narrower:?} differ by {d} cases");
        }
    }
    std::fs::remove_dir_all(dir).ok();
}

//! The committed demo is exactly what publishing the generator's internal extract writes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools may panic on failure.

use std::process::Command;

/// The bundled releases: (id, `sample --as-of`, SOURCE_DATE_EPOCH), oldest first, as
/// scripts/publish-demo publishes them.
const DEMO_RELEASES: [(&str, Option<&str>, &str); 2] = [("demo-2023-09", Some("2023-09-30"), "1696204800"), ("demo", None, "1711929600")];

/// Every file under `dir`, as paths relative to it, sorted.
fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() {
            names.extend(files_under(&entry.path()).into_iter().map(|n| format!("{name}/{n}")));
        } else {
            names.push(name);
        }
    }
    names.sort();
    names
}

#[test]
fn publishing_the_generated_extracts_reproduces_the_served_demo_byte_for_byte() {
    let work = std::env::temp_dir().join(format!("scrutiny-demo-{}", std::process::id()));
    let data = work.join("data");
    for (release, as_of, epoch) in DEMO_RELEASES {
        let extract = work.join(format!("extract-{release}"));
        let mut sample = Command::new(env!("CARGO_BIN_EXE_scrutiny"));
        sample.arg("sample").arg(&extract);
        if let Some(date) = as_of {
            sample.args(["--as-of", date]);
        }
        assert!(sample.output().unwrap().status.success());
        let published = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
            .args(["publish", "--release", release, "--metadata"])
            .arg(extract.join("dataset.json"))
            .arg("--out")
            .arg(&data)
            .arg(extract.join("cases.csv"))
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap();
        assert!(published.status.success(), "{}", String::from_utf8_lossy(&published.stderr));
    }
    let served = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data");
    let names = files_under(&served);
    assert_eq!(names, files_under(&data), "public/data holds only the published releases, their list and feed");
    for name in &names {
        let expected = std::fs::read(served.join(name)).unwrap();
        assert!(
            std::fs::read(data.join(name)).unwrap() == expected,
            "{name} differs from what publishing the generated extracts writes: run scripts/publish-demo"
        );
    }
    // The index lists the newest first; the feed has an entry per release.
    let index = std::fs::read_to_string(served.join("releases.json")).unwrap();
    assert!(index.find("\"demo\"").unwrap() < index.find("\"demo-2023-09\"").unwrap());
    let feed = std::fs::read_to_string(served.join("releases.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), DEMO_RELEASES.len());
    // The internal extract has what the release must not: notes, case IDs and pseudonyms.
    let internal = std::fs::read_to_string(work.join("extract-demo/cases.csv")).unwrap();
    assert!(internal.starts_with("case_id,subject_ref,") && internal.contains("SCR-"));
    for (release, _, _) in DEMO_RELEASES {
        let public = std::fs::read_to_string(served.join(release).join("cases.csv")).unwrap();
        assert!(!public.contains("SCR-") && !public.contains("P-") && !public.contains("notes"));
    }
    std::fs::remove_dir_all(work).ok();
}

#[test]
fn check_exit_codes_follow_the_contract() {
    let dir = std::env::temp_dir().join(format!("scrutiny-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let header = "case_id,subject_ref,role,allegation_category,reported_date\n";
    let cases = [
        ("ok.csv", format!("{header}C1,P-00000001,Officer,Violence,2023-01-02\n"), 0),
        ("row-error.csv", format!("{header}C1,P-00000001,Officer,Violence,31/02/2023\n"), 1),
        ("refused.csv", "case_id\nC1\n".to_string(), 2),
    ];
    for (name, text, code) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let output =
            Command::new(env!("CARGO_BIN_EXE_scrutiny")).args(["check", "--json", "--as-of", "2024-01-01"]).arg(&path).output().unwrap();
        assert_eq!(output.status.code(), Some(code), "{name}");
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["status"], if code == 2 { "refused" } else { "loaded" });
    }
    std::fs::remove_dir_all(dir).ok();
}

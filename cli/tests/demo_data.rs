//! The committed demo is exactly what publishing the generator's internal extract writes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools may panic on failure.

use std::process::Command;

#[test]
fn publishing_the_generated_extract_reproduces_the_served_demo_byte_for_byte() {
    let work = std::env::temp_dir().join(format!("scrutiny-demo-{}", std::process::id()));
    let (extract, data) = (work.join("extract"), work.join("data"));
    let status = Command::new(env!("CARGO_BIN_EXE_scrutiny")).arg("sample").arg(&extract).output().unwrap().status;
    assert!(status.success());
    let published = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .args(["publish", "--release", "demo", "--metadata"])
        .arg(extract.join("dataset.json"))
        .arg("--out")
        .arg(&data)
        .arg(extract.join("cases.csv"))
        .env("SOURCE_DATE_EPOCH", "1711929600")
        .output()
        .unwrap();
    assert!(published.status.success(), "{}", String::from_utf8_lossy(&published.stderr));
    let served = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data");
    let mut names: Vec<String> =
        std::fs::read_dir(served.join("demo")).unwrap().map(|e| format!("demo/{}", e.unwrap().file_name().to_string_lossy())).collect();
    names.push("releases.json".into());
    names.sort();
    assert_eq!(
        names,
        ["demo/cases.csv", "demo/dataset.json", "demo/manifest.json", "releases.json"],
        "public/data holds only the published release"
    );
    for name in &names {
        let expected = std::fs::read(served.join(name)).unwrap();
        assert!(
            std::fs::read(data.join(name)).unwrap() == expected,
            "{name} differs from what publishing the generated extract writes: run scripts/publish-demo"
        );
    }
    // The internal extract has what the release must not: notes, case IDs and pseudonyms.
    let internal = std::fs::read_to_string(extract.join("cases.csv")).unwrap();
    let public = std::fs::read_to_string(served.join("demo/cases.csv")).unwrap();
    assert!(internal.starts_with("case_id,subject_ref,") && internal.contains("SCR-"));
    assert!(!public.contains("SCR-") && !public.contains("P-") && !public.contains("notes"));
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

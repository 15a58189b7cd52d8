//! The committed demo dataset is exactly what the generator writes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools may panic on failure.

use std::process::Command;

#[test]
fn generator_reproduces_the_committed_demo_files_byte_for_byte() {
    let out = std::env::temp_dir().join(format!("scrutiny-demo-{}", std::process::id()));
    let status = Command::new(env!("CARGO_BIN_EXE_scrutiny")).arg("sample").arg(&out).status().unwrap();
    assert!(status.success());
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data/demo");
    for name in ["cases.csv", "dataset.json"] {
        let generated = std::fs::read(out.join(name)).unwrap();
        let expected = std::fs::read(committed.join(name)).unwrap();
        assert!(
            generated == expected,
            "{name} differs from the generator's output: run `cargo run -p scrutiny-cli -- sample public/data/demo`"
        );
    }
    std::fs::remove_dir_all(out).ok();
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

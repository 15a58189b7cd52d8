//! The house rules that the source tree itself must keep (docs/ARCHITECTURE.md): no two core
//! modules import each other, and no file grows so large that it holds several jobs. These
//! read the workspace's files; they test no behaviour.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The workspace root (this crate is `core/`).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file under `dir` whose name ends with `suffix`, recursively.
fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return found };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "node_modules") {
                found.extend(files(&path, suffix));
            }
        } else if path.to_string_lossy().ends_with(suffix) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The top-level core module a file belongs to (`aggregate/table.rs` → `aggregate`).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap_or(file);
    let first = relative.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a source text names through `crate::` paths, including grouped
/// imports (`use crate::{a::X, b}`), doc links and test code.
fn modules_named(text: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Each top-level item of the group: split at commas outside nested braces.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        named.insert(ident(item.trim()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            named.insert(ident(item.trim()));
        } else {
            named.insert(ident(rest));
        }
    }
    named.remove("");
    named
}

#[test]
fn no_two_core_modules_import_each_other() {
    let src = workspace().join("core/src");
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files(&src, ".rs") {
        let module = module_of(&src, &file);
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let named: Vec<String> = modules_named(&text).into_iter().filter(|m| *m != module).collect();
        imports.entry(module).or_default().extend(named);
    }
    let modules: BTreeSet<String> = imports.keys().cloned().collect();
    for (module, named) in &imports {
        for other in named {
            assert!(
                modules.contains(other),
                "core/src/{module} names crate::{other}, which is not a module: name the module that defines it"
            );
            assert!(
                !imports.get(other).is_some_and(|back| back.contains(module)),
                "core modules {module} and {other} import each other: move what they share into a module of its own"
            );
        }
    }
}

#[test]
fn no_source_file_holds_several_jobs() {
    let root = workspace();
    for (dir, suffix, limit) in [("core/src", ".rs", 800), ("src", ".rs", 800), ("cli/src", ".rs", 800), ("tests/e2e", ".mjs", 500)] {
        for file in files(&root.join(dir), suffix) {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            assert!(lines <= limit, "{} has {lines} lines (at most {limit}): split it by job", file.display());
        }
    }
}

#[test]
fn each_chart_id_is_spelt_in_at_most_two_rust_files() {
    // The card registry (core `cards`) spells each id; at most one more file (a test) may.
    let root = workspace();
    let sources: Vec<(PathBuf, String)> = ["core/src", "src", "cli/src"]
        .iter()
        .flat_map(|dir| files(&root.join(dir), ".rs"))
        .map(|file| {
            let text = std::fs::read_to_string(&file).unwrap();
            (file, text)
        })
        .collect();
    for id in scrutiny_core::cards::CardId::ALL {
        let quoted = format!("\"{}\"", id.key());
        let spelt_in: Vec<&PathBuf> = sources.iter().filter(|(_, text)| text.contains(&quoted)).map(|(file, _)| file).collect();
        assert!(spelt_in.len() <= 2, "chart id {quoted} is spelt in {spelt_in:?}: read it from core `cards`");
    }
}

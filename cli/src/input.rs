//! Reading what the commands are pointed at: a cases file (with the `dataset.json` beside it,
//! if any) or a release folder (`DATA_DIR/ID`, whose `dataset.json` names its cases file).
//! A folder or file whose `dataset.json` says how it was published is read as a public
//! release; anything else as an internal extract.

use chrono::NaiveDate;
use scrutiny_core::report::LoadReport;
use scrutiny_core::{load_cases_of, sample, DatasetMeta};
use std::path::{Path, PathBuf};

/// The metadata in `path`, if the file exists.
pub fn read_metadata(path: &Path) -> Result<Option<DatasetMeta>, String> {
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    DatasetMeta::from_json(&text).map(Some).map_err(|e| format!("{}: {e}", path.display()))
}

/// Today, from the system clock (only when neither the caller nor a dataset.json gives an
/// as-of date).
pub fn today() -> NaiveDate {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1).map_or(NaiveDate::MIN, |epoch| epoch + chrono::Duration::days(days as i64))
}

/// The cases file and metadata `target` names: a release folder, or a cases file.
fn locate(target: &Path) -> Result<(PathBuf, Option<DatasetMeta>), String> {
    if target.is_dir() {
        let meta = read_metadata(&target.join("dataset.json"))?
            .ok_or_else(|| format!("{} is a folder without a dataset.json: it is not a release folder", target.display()))?;
        let file = target.join(&meta.cases_file);
        return Ok((file, Some(meta)));
    }
    if !target.exists() {
        return Err(format!("{}: no such file or release folder", target.display()));
    }
    Ok((target.to_path_buf(), read_metadata(&target.with_file_name("dataset.json"))?))
}

/// Reads and loads `target` (a file or a release folder), judged as of `as_of` when given,
/// else the metadata's as-of date, else today.
pub fn load(target: &Path, as_of: Option<NaiveDate>) -> Result<(LoadReport, DatasetMeta), String> {
    let (file, found) = locate(target)?;
    let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let has_metadata = found.is_some();
    let mut meta = found.unwrap_or_else(|| DatasetMeta { commitments: Vec::new(), synthetic: false, ..sample::demo_metadata() });
    match as_of {
        Some(date) => meta.as_of = date,
        None if !has_metadata => meta.as_of = today(),
        None => {}
    }
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok((load_cases_of(&bytes, &name, meta.as_of, meta.schema()), meta))
}

//! `scrutiny publish`: checks an internal extract, makes a public release of it (see the
//! core's `publish`), and writes it to `DATA_DIR/ID/` with a manifest, listed in
//! `DATA_DIR/releases.json` (newest first) and its Atom feed `DATA_DIR/releases.xml`. A release
//! is written to a temporary folder and renamed into place, so a failed run leaves nothing
//! half-written, and nothing is ever overwritten or removed.

use crate::input::read_metadata;
use scrutiny_core::aggregate::CaseTable;
use scrutiny_core::manifest::{hex, Manifest, ManifestFile, MANIFEST_FILE, PRECOMPRESSED_SUFFIXES, TABLE_FILE};
use scrutiny_core::messages::DataQuality;
use scrutiny_core::model::Schema;
use scrutiny_core::publish::{publish, DisclosureReport, PublishedRelease, RELEASE_CASES_FILE};
use scrutiny_core::releases::{is_release_id, ReleaseEntry, ReleaseIndex, FEED_FILE, INDEX_FILE};
use scrutiny_core::report::{LoadReport, Status};
use scrutiny_core::{load_cases_of, DatasetMeta};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How publishing ended.
pub enum Outcome {
    /// Written to the folder.
    Published(Box<DisclosureReport>),
    /// Not published: the extract failed its checks (the report says why) or cannot be
    /// protected (the message says why).
    NotPublished { check: Option<Box<LoadReport>>, reason: String },
}

/// What `publish` was asked to do.
pub struct Request<'a> {
    /// The internal extract.
    pub cases: &'a Path,
    /// Its dataset.json.
    pub metadata: &'a Path,
    /// The release identifier (the folder's name).
    pub release: &'a str,
    /// The data folder.
    pub out: &'a Path,
}

/// Publishes as `request` says. `Err` is a usage error (exit 2): the request cannot be
/// carried out as given, and nothing was written.
pub fn run(request: &Request<'_>) -> Result<Outcome, String> {
    if !is_release_id(request.release) {
        return Err(format!(
            "--release \"{}\" is not a usable release id: 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'",
            request.release
        ));
    }
    let meta = read_metadata(request.metadata)?.ok_or_else(|| format!("{}: no such metadata file", request.metadata.display()))?;
    check_out_folder(request.out, request.release)?;
    let bytes = std::fs::read(request.cases).map_err(|e| format!("{}: {e}", request.cases.display()))?;
    let name = request.cases.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let report = load_cases_of(&bytes, &name, meta.as_of, meta.schema());
    if report.status() == Status::Refused || report.row_errors() > 0 {
        let reason = match &report.refusal {
            Some(refusal) => format!("the extract was refused: {refusal}"),
            None => format!(
                "{} row(s) have errors; a release must account for every record, so correct them and publish again",
                report.rejected
            ),
        };
        return Ok(Outcome::NotPublished { check: Some(Box::new(report)), reason });
    }
    let published = match publish(&report.records, &meta, request.release) {
        Ok(p) => p,
        Err(e) => return Ok(Outcome::NotPublished { check: None, reason: e.to_string() }),
    };
    write_release(request.out, request.release, &meta, &published)?;
    Ok(Outcome::Published(Box::new(published.report)))
}

/// The data folder may be new, or hold only releases and their list; the release must be new.
fn check_out_folder(out: &Path, release: &str) -> Result<(), String> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(format!("--out {} is a file, not a data folder", out.display()));
    }
    let entries = std::fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut foreign = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_release = path.is_dir() && path.join(MANIFEST_FILE).is_file();
        if !(name == INDEX_FILE || name == FEED_FILE || is_release) {
            foreign.push(name);
        }
    }
    if !foreign.is_empty() {
        foreign.sort();
        return Err(format!(
            "--out {} holds something other than Scrutiny releases ({}); choose a new folder or an existing data folder",
            out.display(),
            foreign.join(", ")
        ));
    }
    if out.join(release).exists() {
        return Err(format!("release \"{release}\" already exists in {}; nothing was overwritten (choose a new --release)", out.display()));
    }
    Ok(())
}

/// When the release is published: `SOURCE_DATE_EPOCH` (seconds, the reproducible-builds
/// convention) if set, else now; as RFC 3339 in UTC.
fn published_at() -> Result<String, String> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text.trim().parse::<i64>().map_err(|_| format!("SOURCE_DATE_EPOCH \"{text}\" is not a number of seconds"))?,
        Err(_) => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64),
    };
    let time = chrono::DateTime::from_timestamp(seconds, 0).ok_or("SOURCE_DATE_EPOCH is out of range")?;
    Ok(time.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The release's compact table (`table.bin`): its cases file read back as the page's loader
/// reads it, and built into the case table. Every record must read back: a release that does
/// not is a bug, and is not published. Its data-quality report goes into the manifest (what a
/// reader of the cases file is told: scheduled hearings, say), so the page says the same
/// whichever file it reads.
fn release_table(published: &PublishedRelease) -> Result<(Vec<u8>, DataQuality), String> {
    let meta =
        DatasetMeta::from_json(&published.dataset_json).map_err(|e| format!("the release's dataset.json does not read back: {e}"))?;
    let report = load_cases_of(published.cases_csv.as_bytes(), RELEASE_CASES_FILE, meta.as_of, Schema::Release);
    if report.refusal.is_some() || report.rejected > 0 || report.records.len() != published.report.records {
        let first = report.refusal.as_ref().map(ToString::to_string).or_else(|| {
            report.problems.iter().find(|p| p.severity == scrutiny_core::report::Severity::RowError).map(|p| p.message.clone())
        });
        return Err(format!(
            "the release's cases file does not read back ({}); this is a bug in scrutiny, and nothing was published",
            first.unwrap_or_else(|| format!("{} of {} records", report.records.len(), published.report.records))
        ));
    }
    Ok((CaseTable::new(&report.records, meta.as_of).to_bytes(), DataQuality::from(&report)))
}

/// `bytes` compressed as a host serves them: brotli at its highest quality, and gzip at its
/// highest level (with no file name or time in the header, so the output is reproducible).
fn precompressed(bytes: &[u8]) -> Result<[Vec<u8>; 2], String> {
    let mut brotli_bytes = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut brotli_bytes, &params).map_err(|e| format!("brotli: {e}"))?;
    let mut gzip = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    gzip.write_all(bytes).map_err(|e| format!("gzip: {e}"))?;
    let gzip_bytes = gzip.finish().map_err(|e| format!("gzip: {e}"))?;
    Ok([brotli_bytes, gzip_bytes])
}

/// Writes the release into a temporary folder beside its final place, renames it into place,
/// then rewrites the list of releases the same way.
fn write_release(out: &Path, release: &str, meta: &DatasetMeta, published: &PublishedRelease) -> Result<(), String> {
    let io = |path: &Path, e: std::io::Error| format!("{}: {e}", path.display());
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let published_at = published_at()?;
    let staging: PathBuf = out.join(format!(".{release}.partial-{}", std::process::id()));
    let result = (|| {
        std::fs::create_dir(&staging).map_err(|e| io(&staging, e))?;
        let (table, quality) = release_table(published)?;
        let files = [
            (RELEASE_CASES_FILE, published.cases_csv.as_bytes()),
            ("dataset.json", published.dataset_json.as_bytes()),
            (TABLE_FILE, table.as_slice()),
        ];
        let mut listed = Vec::new();
        for (name, bytes) in files {
            let path = staging.join(name);
            std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
            listed.push(ManifestFile { name: name.to_string(), bytes: bytes.len(), sha256: sha256_hex(bytes) });
        }
        for (suffix, bytes) in PRECOMPRESSED_SUFFIXES.into_iter().zip(precompressed(&table)?) {
            let path = staging.join(format!("{TABLE_FILE}{suffix}"));
            std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
        }
        let manifest = Manifest {
            release: release.to_string(),
            published_at: published_at.clone(),
            tool: format!("scrutiny publish {}", env!("CARGO_PKG_VERSION")),
            records: published.report.records,
            min_cell_count: published.report.min_cell_count,
            files: listed,
            quality: Some(quality),
        };
        let path = staging.join(MANIFEST_FILE);
        std::fs::write(&path, manifest.to_json()).map_err(|e| io(&path, e))?;
        let target = out.join(release);
        std::fs::rename(&staging, &target).map_err(|e| io(&target, e))
    })();
    if result.is_err() {
        std::fs::remove_dir_all(&staging).ok();
    }
    result?;
    let entry = ReleaseEntry {
        id: release.to_string(),
        title: meta.title.clone(),
        publisher: meta.publisher.clone(),
        as_of: meta.as_of,
        published_at,
        records: published.report.records,
        table_format: Some(scrutiny_core::aggregate::codec::FORMAT_VERSION),
    };
    add_to_list(out, entry)
}

/// Adds `entry` to `releases.json` and rewrites the feed `releases.xml` from it, each
/// written beside its place and renamed into it.
fn add_to_list(out: &Path, entry: ReleaseEntry) -> Result<(), String> {
    let path = out.join(INDEX_FILE);
    let mut list = if path.exists() {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        ReleaseIndex::from_json(&text).map_err(|e| format!("{}: {e} The release was written but not listed", path.display()))?
    } else {
        ReleaseIndex::default()
    };
    list.add(entry);
    for (name, text) in [(INDEX_FILE, list.to_json()), (FEED_FILE, list.atom_feed())] {
        let staging = out.join(format!(".{name}.partial-{}", std::process::id()));
        let target = out.join(name);
        std::fs::write(&staging, text).map_err(|e| format!("{}: {e}", staging.display()))?;
        std::fs::rename(&staging, &target).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

/// The disclosure report in words.
pub fn report_text(report: &DisclosureReport, out: &Path) -> String {
    let mut text = format!(
        "Published release {} to {}: {} records, every combination of {} covering at least {} records.\n",
        report.release,
        out.join(&report.release).display(),
        report.records,
        report.quasi_identifiers.join(", "),
        report.min_cell_count
    );
    text.push_str(&format!(
        "Groups under {} before: {} ({} records) with exact dates; {} ({} records) with reported dates to the month; after: {}.\n",
        report.min_cell_count,
        report.groups_before.groups_under_threshold,
        report.groups_before.records_in_groups_under_threshold,
        report.groups_at_month.groups_under_threshold,
        report.groups_at_month.records_in_groups_under_threshold,
        report.groups_after.groups_under_threshold,
    ));
    for g in &report.generalised {
        let how = if g.to == "Withheld" { "withheld".to_string() } else { format!("published as a {} or coarser", g.to) };
        text.push_str(&format!("  {}: {} records {how}\n", g.field, g.records));
    }
    text.push_str(&format!("Dropped: case_id, subject_ref and notes ({} notes).\n", report.notes_dropped));
    text
}

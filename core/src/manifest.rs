//! A release folder's `manifest.json`, written by `scrutiny publish`: what was published,
//! when, by which tool, and every file with its size and SHA-256, so anyone can check a copy.
//! The page reads it to find the release's compact table (`table.bin`) and its checksum: a
//! release with one draws from it at once; one without (published before the table existed,
//! or an unpublished folder) is read from its cases file by the full loader.

use crate::messages::DataQuality;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The manifest's file name in a release folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The compact table's file name in a release folder: the release's case table in the byte
/// layout of [`crate::aggregate::codec`] (header, version, little-endian columns), served
/// beside pre-compressed copies (`table.bin.br`, `table.bin.gz`).
pub const TABLE_FILE: &str = "table.bin";

/// The suffixes of the pre-compressed copies of the compact table `scrutiny publish` writes
/// beside it (brotli, gzip), for a host to serve with `Content-Encoding`.
pub const PRECOMPRESSED_SUFFIXES: [&str; 2] = [".br", ".gz"];

/// Why a manifest cannot be read. The message is what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("The release's manifest.json is not valid: {0}.")]
pub struct ManifestError(String);

/// Why a downloaded table is not the one the manifest lists. The messages complete "The
/// release's table …".
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TableMismatch {
    /// Another size than listed (cut short, or another file).
    #[error("is {found} bytes where its manifest says {listed}")]
    Size {
        /// The bytes downloaded.
        found: u64,
        /// The bytes listed.
        listed: usize,
    },
    /// Another SHA-256 than listed.
    #[error("does not match the checksum in its manifest")]
    Checksum,
    /// Another number of records than the release has.
    #[error("has {found} records where its manifest says {listed}")]
    Records {
        /// The records in the table read.
        found: usize,
        /// The records listed.
        listed: usize,
    },
}

/// `manifest.json`: a published release's files and counts. Fields a newer `scrutiny` adds are
/// ignored when read, so an older page still finds the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The release id (its folder's name).
    pub release: String,
    /// When it was published (RFC 3339, UTC).
    pub published_at: String,
    /// The tool and version that wrote it.
    pub tool: String,
    /// Records in the release.
    pub records: usize,
    /// The smallest count shown.
    pub min_cell_count: u32,
    /// Every file of the release (the pre-compressed copies are encodings of the table, not
    /// files of their own, so they are not listed).
    pub files: Vec<ManifestFile>,
    /// What reading the release's cases file finds (its scheduled hearings, say), so a page
    /// that draws from the compact table shows the same data-quality report as one that reads
    /// the cases file. Written with the table; a manifest without it has no table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<DataQuality>,
}

/// One file of a release, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// The file's name in the release folder.
    pub name: String,
    /// Its size in bytes.
    pub bytes: usize,
    /// Its SHA-256, as 64 lower-case hex digits.
    pub sha256: String,
}

impl Manifest {
    /// Reads a manifest.
    pub fn from_json(text: &str) -> Result<Manifest, ManifestError> {
        serde_json::from_str(text).map_err(|e| ManifestError(e.to_string()))
    }

    /// The manifest as JSON text, pretty-printed with a final new line (as published).
    pub fn to_json(&self) -> String {
        // Plain strings and numbers: serialising cannot fail.
        serde_json::to_string_pretty(self).map(|t| t + "\n").unwrap_or_default()
    }

    /// The listed file called `name`, if there is one.
    pub fn file(&self, name: &str) -> Option<&ManifestFile> {
        self.files.iter().find(|f| f.name == name)
    }

    /// The compact table and the data-quality report that goes with it, if the release has
    /// them (a release published before the table existed has neither).
    pub fn table(&self) -> Option<(&ManifestFile, &DataQuality)> {
        self.file(TABLE_FILE).zip(self.quality.as_ref())
    }
}

impl ManifestFile {
    /// Checks a downloaded copy's size against the listing.
    pub fn check_size(&self, found: u64) -> Result<(), TableMismatch> {
        if found == self.bytes as u64 {
            Ok(())
        } else {
            Err(TableMismatch::Size { found, listed: self.bytes })
        }
    }

    /// Checks a downloaded copy's SHA-256 (hex) against the listing, when the reader could
    /// compute one (`None`: not checked).
    pub fn check_sha256(&self, found: Option<&str>) -> Result<(), TableMismatch> {
        match found {
            Some(digest) if !digest.eq_ignore_ascii_case(&self.sha256) => Err(TableMismatch::Checksum),
            _ => Ok(()),
        }
    }
}

impl Manifest {
    /// Checks that a table read has the release's number of records.
    pub fn check_records(&self, found: usize) -> Result<(), TableMismatch> {
        if found == self.records {
            Ok(())
        } else {
            Err(TableMismatch::Records { found, listed: self.records })
        }
    }
}

/// Lower-case hex digits of `bytes` (how a manifest writes a SHA-256).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes.iter().flat_map(|b| [DIGITS[usize::from(b >> 4)] as char, DIGITS[usize::from(b & 15)] as char]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_as_written_and_finds_its_table() {
        let manifest = Manifest {
            release: "r1".into(),
            published_at: "2024-04-01T00:00:00Z".into(),
            tool: "scrutiny publish 0.1.0".into(),
            records: 10,
            min_cell_count: 3,
            files: vec![ManifestFile { name: TABLE_FILE.into(), bytes: 64, sha256: "ab".repeat(32) }],
            quality: Some(DataQuality {
                problems: vec![],
                unlisted_problems: 0,
                loaded: 10,
                rejected: 0,
                warnings: 0,
                blank_rows_skipped: 0,
            }),
        };
        let back = Manifest::from_json(&manifest.to_json()).unwrap();
        assert_eq!(back, manifest);
        assert_eq!(back.table().map(|(t, q)| (t.bytes, q.loaded)), Some((64, 10)));
        assert!(back.file("cases.csv").is_none());
    }

    #[test]
    fn fields_a_newer_tool_adds_are_ignored_and_a_broken_manifest_says_so() {
        let text = r#"{"release":"r1","published_at":"x","tool":"t","records":1,"min_cell_count":3,"files":[],"signed_by":"someone"}"#;
        assert!(Manifest::from_json(text).unwrap().table().is_none());
        let broken = Manifest::from_json("{").unwrap_err().to_string();
        assert!(broken.starts_with("The release's manifest.json is not valid: "), "{broken}");
    }

    #[test]
    fn a_downloaded_table_is_checked_against_its_listing() {
        let listed = ManifestFile { name: TABLE_FILE.into(), bytes: 64, sha256: "ab".repeat(32) };
        assert_eq!(listed.check_size(64), Ok(()));
        assert_eq!(listed.check_size(4).unwrap_err().to_string(), "is 4 bytes where its manifest says 64");
        assert_eq!(listed.check_sha256(Some(&"AB".repeat(32))), Ok(()));
        assert_eq!(listed.check_sha256(None), Ok(()), "not computed: not checked");
        assert_eq!(listed.check_sha256(Some(&"ac".repeat(32))), Err(TableMismatch::Checksum));
        let manifest = Manifest {
            release: "r1".into(),
            published_at: "2024-04-01T00:00:00Z".into(),
            tool: "t".into(),
            records: 10,
            min_cell_count: 3,
            files: vec![listed],
            quality: None,
        };
        assert_eq!(manifest.check_records(10), Ok(()));
        assert_eq!(manifest.check_records(9).unwrap_err().to_string(), "has 9 records where its manifest says 10");
    }

    #[test]
    fn hex_is_two_lower_case_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }
}

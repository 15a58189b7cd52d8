//! The releases of a data folder over time: `releases.json`, the index the page reads first
//! (newest first), and `releases.xml`, its Atom feed, so people can subscribe to new releases.
//! `scrutiny publish` keeps both; a release, once listed, is never removed (old links keep
//! working for ever).

use crate::dates::long_date;
use crate::disclose::thousands;
use crate::text::{escape_xml, safe_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use thiserror::Error;

/// The data folder beside the page, which holds the releases, their index and feed.
pub const DATA_FOLDER: &str = "data/";
/// The request header that asks the site's service worker (public/sw.js) for its saved copy
/// of a data file, sent only after the network has failed: online, data files are never
/// answered from a copy.
pub const SAVED_COPY_REQUEST_HEADER: &str = "X-Scrutiny-Saved-Copy";
/// The response header the service worker adds to a saved copy: when it was saved (RFC 3339).
pub const OFFLINE_COPY_HEADER: &str = "X-Scrutiny-Offline";
/// The index's file name in a data folder.
pub const INDEX_FILE: &str = "releases.json";
/// The feed's file name in a data folder.
pub const FEED_FILE: &str = "releases.xml";

/// Whether `id` can name a release: 1 to 64 letters, digits, `-`, `_` and `.`, not starting
/// with a dot, so a release's folder is always inside the data folder and a link cannot point
/// the page anywhere else. `scrutiny publish`, the index and the page's links all use this.
pub fn is_release_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && !id.starts_with('.') && id.bytes().all(|b| b.is_ascii_alphanumeric() || b".-_".contains(&b))
}

/// The address of `file` in release `id`'s folder, relative to the page (`data/ID/FILE`).
pub fn release_path(id: &str, file: &str) -> String {
    format!("{DATA_FOLDER}{id}/{file}")
}

/// Why a list of releases cannot be read. The message is what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("The list of releases is not valid: {0}.")]
pub struct IndexError(String);

/// `releases.json`: every release of a data folder, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseIndex {
    /// The releases, newest first (see [`ReleaseIndex::add`]).
    pub releases: Vec<ReleaseEntry>,
}

/// One release in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseEntry {
    /// The release's folder name, as `?release=` names it.
    pub id: String,
    /// The dataset's title.
    pub title: String,
    /// Who published it (the feed's author).
    #[serde(default)]
    pub publisher: String,
    /// The date the figures are as of.
    pub as_of: NaiveDate,
    /// When it was published, RFC 3339 in UTC (`2024-04-01T00:00:00Z`).
    pub published_at: String,
    /// Records in the release.
    pub records: usize,
    /// The format version of its compact table (`table.bin`, see
    /// [`crate::aggregate::codec::FORMAT_VERSION`]), if it has one: a page that reads this
    /// version draws the release from it; otherwise it reads the cases file, without asking
    /// for a table it cannot read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_format: Option<u32>,
}

impl ReleaseEntry {
    /// Whether this page can draw the release from its compact table.
    pub fn has_readable_table(&self) -> bool {
        self.table_format == Some(crate::aggregate::codec::FORMAT_VERSION)
    }

    /// How the release is named to people: "as of 31 March 2024 (demo)".
    pub fn label(&self) -> String {
        release_label(&self.id, self.as_of)
    }

    /// The day it was published (UTC).
    pub fn published_on(&self) -> Option<NaiveDate> {
        crate::dates::day_of_timestamp(&self.published_at)
    }

    /// The order of the index: the latest as-of date first; of two with the same as-of date
    /// (a correction), the later publication. Releases equal in both keep their order (sorts
    /// here are stable), and a new one is added in front: the one published last comes first.
    fn newest_first(&self, other: &ReleaseEntry) -> std::cmp::Ordering {
        (other.as_of, &other.published_at).cmp(&(self.as_of, &self.published_at))
    }
}

/// How a release is named to people: "as of 31 March 2024 (demo)".
pub fn release_label(id: &str, as_of: NaiveDate) -> String {
    crate::words::trf("as of {} ({})", &[&long_date(as_of), &safe_text(id)])
}

impl ReleaseIndex {
    /// Reads `releases.json`. Every id must be a usable release id (it becomes a folder in a
    /// link) and every publication time an RFC 3339 time in UTC (the list is ordered by it).
    pub fn from_json(text: &str) -> Result<ReleaseIndex, IndexError> {
        let mut index: ReleaseIndex = serde_json::from_str(text).map_err(|e| IndexError(e.to_string()))?;
        for r in &index.releases {
            if !is_release_id(&r.id) {
                return Err(IndexError(format!("\"{}\" is not a usable release id", safe_text(&r.id))));
            }
            if r.published_at.len() != 20 || !r.published_at.ends_with('Z') || r.published_on().is_none() {
                return Err(IndexError(format!(
                    "release \"{}\" was published at \"{}\", not a time like 2024-04-01T09:00:00Z",
                    r.id,
                    safe_text(&r.published_at)
                )));
            }
        }
        // Lists written before the order was newest first read the same.
        index.releases.sort_by(ReleaseEntry::newest_first);
        Ok(index)
    }

    /// `releases.json`'s text (pretty, ending with a newline).
    pub fn to_json(&self) -> String {
        // Serialising plain strings, dates and numbers cannot fail.
        serde_json::to_string_pretty(self).map(|t| t + "\n").unwrap_or_default()
    }

    /// Lists `entry`, replacing a release of the same id, and keeps the list newest first.
    pub fn add(&mut self, entry: ReleaseEntry) {
        self.releases.retain(|r| r.id != entry.id);
        self.releases.insert(0, entry);
        self.releases.sort_by(ReleaseEntry::newest_first);
    }

    /// The newest release: the one the bare address shows.
    pub fn newest(&self) -> Option<&ReleaseEntry> {
        self.releases.first()
    }

    /// The release named `id`.
    pub fn find(&self, id: &str) -> Option<&ReleaseEntry> {
        self.releases.iter().find(|r| r.id == id)
    }

    /// `releases.xml`: an Atom feed (RFC 4287) with one entry per release, newest first. Links
    /// are relative to the feed (`../?release=ID`, the pinned address of the page beside the
    /// data folder), so the same file works wherever the site is hosted.
    pub fn atom_feed(&self) -> String {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        let title = self.newest().map_or_else(|| "Scrutiny releases".to_string(), |r| format!("{}: releases", r.title));
        let updated = self.releases.iter().map(|r| r.published_at.as_str()).max().unwrap_or("1970-01-01T00:00:00Z");
        // The feed's identity is its first release, which is never removed.
        let first = self.releases.iter().min_by(|a, b| (&a.published_at, &a.id).cmp(&(&b.published_at, &b.id)));
        let feed_id = first.map_or_else(|| stable_urn(&["feed"]), |r| stable_urn(&["feed", &r.id, &r.published_at]));
        let _ = writeln!(xml, "  <title>{}</title>", escape(&title));
        let _ = writeln!(xml, "  <subtitle>Each new release of the figures, with the date they are as of and a link that always shows that release.</subtitle>");
        let _ = writeln!(xml, "  <id>{feed_id}</id>");
        let _ = writeln!(xml, "  <updated>{}</updated>", escape(updated));
        let _ = writeln!(xml, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{FEED_FILE}\"/>");
        let _ = writeln!(xml, "  <link rel=\"alternate\" type=\"text/html\" href=\"../\"/>");
        let _ = writeln!(xml, "  <generator>scrutiny publish</generator>");
        for r in &self.releases {
            let author = if r.publisher.trim().is_empty() { "The publisher" } else { r.publisher.as_str() };
            xml.push_str("  <entry>\n");
            let _ = writeln!(xml, "    <title>{}: figures as of {}</title>", escape(&r.title), long_date(r.as_of));
            let _ = writeln!(xml, "    <id>{}</id>", stable_urn(&["release", &r.id, &r.published_at]));
            let _ = writeln!(xml, "    <published>{}</published>", escape(&r.published_at));
            let _ = writeln!(xml, "    <updated>{}</updated>", escape(&r.published_at));
            let _ = writeln!(xml, "    <author><name>{}</name></author>", escape(author));
            let _ = writeln!(xml, "    <link rel=\"alternate\" type=\"text/html\" href=\"../?release={}\"/>", escape(&r.id));
            let _ = writeln!(
                xml,
                "    <summary>Release {}: {} records, figures as of {}. The link always shows this release.</summary>",
                escape(&r.id),
                thousands(u32::try_from(r.records).unwrap_or(u32::MAX)),
                long_date(r.as_of)
            );
            xml.push_str("  </entry>\n");
        }
        xml.push_str("</feed>\n");
        xml
    }
}

/// Text escaped for XML, with control characters removed (XML 1.0 cannot carry most of them).
fn escape(text: &str) -> String {
    escape_xml(&safe_text(text))
}

/// A permanent identifier made from `parts`: a version 8 (name-based, custom hash) UUID URN,
/// the same for the same parts on every run. Atom ids must be absolute and never change;
/// the release's id and publication time never do.
fn stable_urn(parts: &[&str]) -> String {
    // Two 64-bit FNV-1a hashes with different offsets: unique enough for names, not a secret.
    let hash = |offset: u64| {
        let mut h = offset;
        for byte in parts.join("\u{1f}").bytes() {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    let (high, low) = (hash(0xcbf2_9ce4_8422_2325), hash(0x6c62_272e_07bb_0142));
    let high = (high & !0xf000) | 0x8000; // version 8
    let low = (low & !(0b11 << 62)) | (0b10 << 62); // RFC 9562 variant
    format!(
        "urn:uuid:{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, as_of: (i32, u32, u32), published_at: &str) -> ReleaseEntry {
        ReleaseEntry {
            id: id.into(),
            title: "Misconduct & the <review>".into(),
            publisher: "Example Police".into(),
            as_of: NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2).unwrap_or_default(),
            published_at: published_at.into(),
            records: 4116,
            table_format: None,
        }
    }

    #[test]
    fn the_newest_as_of_comes_first_and_a_correction_before_what_it_corrects() {
        let mut index = ReleaseIndex::default();
        index.add(entry("2023-q3", (2023, 9, 30), "2023-10-02T09:00:00Z"));
        index.add(entry("2024-q1", (2024, 3, 31), "2024-04-02T09:00:00Z"));
        index.add(entry("2023-q4", (2023, 12, 31), "2024-01-03T09:00:00Z"));
        index.add(entry("2023-q3-corrected", (2023, 9, 30), "2024-05-01T09:00:00Z"));
        let ids: Vec<&str> = index.releases.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["2024-q1", "2023-q4", "2023-q3-corrected", "2023-q3"]);
        assert_eq!(index.newest().map(|r| r.id.as_str()), Some("2024-q1"));
        assert_eq!(index.find("2023-q4").map(|r| r.as_of.to_string()), Some("2023-12-31".into()));
        assert!(index.find("2022").is_none());
        // Published in the same second with the same as-of date: the one published last first.
        index.add(entry("b-second", (2024, 3, 31), "2024-04-02T09:00:00Z"));
        index.add(entry("a-third", (2024, 3, 31), "2024-04-02T09:00:00Z"));
        let ids: Vec<&str> = index.releases.iter().take(3).map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a-third", "b-second", "2024-q1"]);
        assert_eq!(ReleaseIndex::from_json(&index.to_json()).unwrap(), index, "reading keeps the order of equals");
    }

    #[test]
    fn a_list_round_trips_and_an_old_oldest_first_list_reads_newest_first() {
        let old = r#"{"releases":[{"id":"a","title":"T","as_of":"2023-01-31","published_at":"2023-02-01T00:00:00Z","records":5},
            {"id":"b","title":"T","as_of":"2023-06-30","published_at":"2023-07-01T00:00:00Z","records":9}]}"#;
        let index = ReleaseIndex::from_json(old).unwrap();
        assert_eq!(index.newest().map(|r| r.id.as_str()), Some("b"));
        assert_eq!(ReleaseIndex::from_json(&index.to_json()).unwrap(), index);
        let error = ReleaseIndex::from_json(r#"{"releases":[], "extra": 1}"#).unwrap_err();
        assert!(error.to_string().starts_with("The list of releases is not valid: unknown field `extra`"), "{error}");
        let outside = old.replace("\"id\":\"a\"", "\"id\":\"../a\"");
        assert_eq!(
            ReleaseIndex::from_json(&outside).unwrap_err().to_string(),
            "The list of releases is not valid: \"../a\" is not a usable release id."
        );
        let local_time = old.replace("2023-02-01T00:00:00Z", "2023-02-01T00:00:00+01:00");
        assert!(ReleaseIndex::from_json(&local_time).unwrap_err().to_string().contains("not a time like 2024-04-01T09:00:00Z"));
        assert_eq!(index.newest().and_then(ReleaseEntry::published_on), NaiveDate::from_ymd_opt(2023, 7, 1));
    }

    #[test]
    fn the_feed_has_one_escaped_entry_per_release_with_a_pinned_link() {
        let mut index = ReleaseIndex::default();
        index.add(entry("2023-q3", (2023, 9, 30), "2023-10-02T09:00:00Z"));
        index.add(entry("2024-q1", (2024, 3, 31), "2024-04-02T09:00:00Z"));
        let feed = index.atom_feed();
        assert_eq!(feed.matches("<entry>").count(), 2);
        assert!(feed.contains("<title>Misconduct &amp; the &lt;review&gt;: figures as of 31 March 2024</title>"), "{feed}");
        assert!(feed.contains("href=\"../?release=2023-q3\""));
        assert!(feed.contains("<updated>2024-04-02T09:00:00Z</updated>\n  <link rel=\"self\""), "the feed is as new as its newest entry");
        assert!(feed.find("2024-q1").unwrap() < feed.find("2023-q3").unwrap(), "newest first");
        assert!(!feed.contains('\u{7}'));
        // Ids are stable URNs: the same on every run, different per release, kept when a release is added.
        let ids: Vec<&str> = feed.match_indices("<id>").map(|(i, _)| &feed[i + 4..i + 4 + 45]).collect();
        assert_eq!(ids.len(), 3);
        assert!(ids.iter().all(|id| id.starts_with("urn:uuid:") && id.as_bytes()[23] == b'8'), "{ids:?}");
        assert_ne!(ids[1], ids[2]);
        index.add(entry("2024-q2", (2024, 6, 30), "2024-07-02T09:00:00Z"));
        let later = index.atom_feed();
        for id in ids {
            assert!(later.contains(id), "{id} is kept");
        }
    }

    #[test]
    fn release_ids_stay_inside_the_data_folder() {
        for good in ["demo", "2024-q1", "a.b_c-d", &"x".repeat(64)] {
            assert!(is_release_id(good), "{good}");
        }
        for bad in ["", ".hidden", "..", "../x", "a/b", "a b", "é", &"x".repeat(65)] {
            assert!(!is_release_id(bad), "{bad}");
        }
        assert_eq!(release_path("demo", "cases.csv"), "data/demo/cases.csv");
    }

    #[test]
    fn xml_escaping_removes_controls_and_escapes_markup() {
        assert_eq!(escape("a\u{7}<b> & \"c\" 'd'\u{202E}"), "a&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;");
    }
}

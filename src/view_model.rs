//! Turns disclosed figures into what the components show: chart cards (each built from its
//! entry in `scrutiny_core::cards` and its chart in [`charts::registry`]), the headline row and
//! the data-quality and commitment texts. Pure functions, tested natively; components only lay
//! these out.

use crate::charts::{self, registry, RenderedChart};
use crate::state::DataQuality;
use scrutiny_core::cards::CardId;
use scrutiny_core::commitments::CommitmentStatus;
use scrutiny_core::compare::{self, Comparison};
use scrutiny_core::disclose::thousands;
use scrutiny_core::figures::Figures;
use scrutiny_core::report::Severity;
use scrutiny_core::view::TableData;
use scrutiny_core::words::{tr, trf};

/// The status of a commitment as a word with a symbol, so colour is never the only cue.
pub fn commitment_badge(status: CommitmentStatus) -> &'static str {
    match status {
        CommitmentStatus::Met => tr("✓ Met"),
        CommitmentStatus::AtRisk => tr("! At risk"),
        CommitmentStatus::Missed => tr("✗ Missed"),
    }
}

/// Everything one chart card shows: the same disclosed figures in chart, tables, summary and download.
#[derive(Debug, Clone, PartialEq)]
pub struct CardSpec {
    /// The card's stable id: anchors, embed links, downloads, tests.
    pub key: &'static str,
    /// The finding, as a headline.
    pub title: String,
    /// What is counted, over what period.
    pub subtitle: &'static str,
    /// The chart, in the layout the screen shows.
    pub chart: RenderedChart,
    /// The plain-English summary.
    pub summary: String,
    /// The tables (the chart's accessible equivalent, and the CSV download).
    pub tables: Vec<TableData>,
    /// Definitions and caveats.
    pub about: String,
}

impl CardSpec {
    /// Whether any table cell is suppressed (the card then explains `[c]`).
    pub fn has_suppressed(&self) -> bool {
        self.tables.iter().any(|t| t.rows.iter().any(|r| r.iter().any(|c| c == "[c]")))
    }
}

/// The card `id` for figures `f`.
pub fn card(f: &Figures, id: CardId, layout: charts::Layout) -> CardSpec {
    let card = id.card();
    CardSpec {
        key: card.key,
        title: (card.title)(f),
        subtitle: tr(card.subtitle),
        chart: registry::render_card_chart(id, f, layout),
        summary: (card.summary)(f).to_string(),
        tables: (card.tables)(f),
        about: (card.about)(f),
    }
}

/// The card comparing two releases: a chart card like the others.
pub fn comparison_card(c: &Comparison, layout: charts::Layout) -> CardSpec {
    let chart = charts::render(compare::KEY, compare::CHART_TITLE, &c.summary, charts::comparison::height, layout, |area, layout| {
        charts::comparison::draw(area, c, layout)
    });
    CardSpec {
        key: compare::KEY,
        title: c.title(),
        subtitle: compare::SUBTITLE,
        chart,
        summary: c.summary.clone(),
        tables: c.tables(),
        about: compare::ABOUT.into(),
    }
}

/// Every chart card, in page order.
pub fn cards(f: &Figures, layout: charts::Layout) -> Vec<CardSpec> {
    CardId::ALL.into_iter().map(|id| card(f, id, layout)).collect()
}

/// Headline figures: (label, value, key) for the row at the top of the page.
pub fn headline_figures(f: &Figures) -> Vec<(String, String, &'static str)> {
    scrutiny_core::headlines::headlines(f).into_iter().map(|h| (h.label, h.value.to_string(), h.key)).collect()
}

/// The data-quality headline: rows loaded, left out, warned about, blank.
pub fn quality_summary(q: &DataQuality) -> String {
    let n = |v: usize| thousands(u32::try_from(v).unwrap_or(u32::MAX));
    trf(
        "{} rows loaded, {} left out, {} warnings, {} blank rows skipped.",
        &[&n(q.loaded), &n(q.rejected), &n(q.warnings), &n(q.blank_rows_skipped)],
    )
}

/// The problems table: where, column, severity, message.
pub fn problems_table(q: &DataQuality) -> TableData {
    TableData {
        name: "problems".into(),
        caption: tr("Problems found in the data file").into(),
        headers: ["Where", "Column", "Severity", "Message"].map(String::from).to_vec(),
        rows: problem_rows(q),
    }
}

/// Rows of the problems table: where, column, severity, message.
pub fn problem_rows(q: &DataQuality) -> Vec<Vec<String>> {
    q.problems
        .iter()
        .map(|p| {
            let severity = match p.severity {
                Severity::RowError => "Row left out",
                Severity::Warning => "Warning",
            };
            let safe = scrutiny_core::text::safe_text;
            vec![p.location.to_string(), safe(&p.column.clone().unwrap_or_default()), severity.into(), safe(&p.message)]
        })
        .collect()
}

/// "and 1,234 more" when the list is cut, with where to find the rest.
pub fn problems_not_listed(q: &DataQuality) -> Option<String> {
    // The report carries the first problems (the core's LISTED_PROBLEMS) and counts the rest.
    let more = q.unlisted_problems;
    (more > 0).then(|| {
        trf("{} more problems are not listed here. Run `scrutiny check` on the file for the full list.", &[&thousands(more as u32)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::{compute_figures, sample};

    fn demo() -> Figures {
        compute_figures(&sample::demo_cases(sample::DEMO_SEED), &sample::demo_metadata())
    }

    /// Every text of every card, headline and description, for the demo under several
    /// filters, written in Welsh: the texts the catalogue lacks, deduplicated.
    fn welsh_gaps() -> Vec<String> {
        use scrutiny_core::aggregate::{Filter, FilterDimension};
        use scrutiny_core::model::{AllegationCategory, OtherForce};
        use scrutiny_core::words::{missing, tr, tr_label, with_lang, Lang};
        let _ = missing();
        let release = scrutiny_core::Release::new(&sample::demo_cases(sample::DEMO_SEED), sample::demo_metadata());
        let filters = [
            Filter::default(),
            Filter { other_forces: vec![Some(OtherForce::Yes)], ..Filter::default() },
            Filter { categories: vec![AllegationCategory::Discrimination], ..Filter::default() },
            Filter { from: chrono::NaiveDate::from_ymd_opt(2030, 1, 1), ..Filter::default() },
        ];
        with_lang(Lang::Cy, || {
            for filter in &filters {
                let f = release.figures(filter);
                for layout in [charts::Layout::Wide, charts::Layout::Narrow] {
                    let _ = cards(&f, layout);
                }
                let _ = headline_figures(&f);
                let _ = scrutiny_core::view::describe_filter(filter);
                for c in &f.commitments {
                    let _ = commitment_badge(c.status);
                }
            }
            for &dimension in FilterDimension::ALL {
                let _ = (tr(dimension.legend()), tr(dimension.words()));
                dimension.options().into_iter().for_each(|o| drop(tr_label(o)));
            }
        });
        let mut gaps = missing();
        gaps.sort();
        gaps.dedup();
        gaps
    }

    #[test]
    fn every_text_of_every_card_is_in_the_welsh_catalogue() {
        let gaps = welsh_gaps();
        assert!(gaps.is_empty(), "{} texts lack Welsh:\n{}", gaps.len(), gaps.join("\n"));
    }

    #[test]
    fn every_text_the_source_names_is_in_the_welsh_catalogue() {
        // Every literal handed to tr or trf in the page's and the core's source.
        let keys: std::collections::HashSet<&str> = scrutiny_core::words::catalogue_keys().map(|(en, _)| en).collect();
        let mut gaps = Vec::new();
        for dir in ["src", "core/src"] {
            for path in rust_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)) {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
                for key in translated_literals(code) {
                    if !keys.contains(key.as_str()) {
                        gaps.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        gaps.sort();
        gaps.dedup();
        assert!(gaps.is_empty(), "{} texts lack Welsh:\n{}", gaps.len(), gaps.join("\n"));
    }

    /// The string literals `code` hands to `tr(` or `trf(` (as whole words), unescaped.
    fn translated_literals(code: &str) -> Vec<String> {
        let mut found = Vec::new();
        for call in ["tr(\"", "trf(\""] {
            let mut from = 0;
            while let Some(at) = code[from..].find(call).map(|i| i + from) {
                from = at + call.len();
                if code[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let (mut key, mut chars) = (String::new(), code[from..].chars());
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('n') => key.push('\n'),
                            Some(other) => key.push(other),
                            None => {}
                        },
                        c => key.push(c),
                    }
                }
                found.push(key);
            }
        }
        found
    }

    fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
        files
    }

    #[test]
    fn every_chart_renders_in_both_layouts() {
        let f = demo();
        for layout in [charts::Layout::Wide, charts::Layout::Narrow] {
            let cards = cards(&f, layout);
            assert_eq!(cards.iter().map(|c| c.key).collect::<Vec<_>>(), CardId::ALL.map(CardId::key));
            for card in cards {
                assert_eq!((card.chart.layout, card.chart.size.0), (layout, layout.width()));
                let svg = card.chart.svg.unwrap();
                assert!(svg.contains("role=\"img\"") && svg.contains("<desc") && !svg.contains("NaN"), "{}", card.key);
                assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""), "a standalone SVG (download, PNG)");
                assert!(!card.summary.is_empty() && !card.tables.is_empty());
            }
        }
    }

    #[test]
    fn ten_years_of_dense_data_stay_within_a_few_thousand_svg_elements() {
        // Court weeks span 2012–2023 here (about 620 weeks): each chart must stay small enough
        // to draw and restyle quickly (issue 6, "large series").
        let cases = sample::dense_cases(20_000, 7);
        let f = compute_figures(&cases, &sample::demo_metadata());
        assert!(f.court.weeks.len() > 500, "a long weekly series: {}", f.court.weeks.len());
        for layout in [charts::Layout::Wide, charts::Layout::Narrow] {
            for card in cards(&f, layout) {
                let svg = card.chart.svg.unwrap();
                let elements = svg.matches('<').count() - svg.matches("</").count();
                assert!(elements < 3000, "{}: {elements} SVG elements", card.key);
            }
        }
    }
}

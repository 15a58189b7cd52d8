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

/// The status of a commitment as a word with a symbol, so colour is never the only cue.
pub fn commitment_badge(status: CommitmentStatus) -> &'static str {
    match status {
        CommitmentStatus::Met => "✓ Met",
        CommitmentStatus::AtRisk => "! At risk",
        CommitmentStatus::Missed => "✗ Missed",
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
        subtitle: card.subtitle,
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
    format!(
        "{} rows loaded, {} left out, {} warnings, {} blank rows skipped.",
        n(q.loaded),
        n(q.rejected),
        n(q.warnings),
        n(q.blank_rows_skipped)
    )
}

/// The problems table: where, column, severity, message.
pub fn problems_table(q: &DataQuality) -> TableData {
    TableData {
        name: "problems".into(),
        caption: "Problems found in the data file".into(),
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
        format!("{} more problems are not listed here. Run `scrutiny check` on the file for the full list.", thousands(more as u32))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scrutiny_core::{compute_figures, sample};

    fn demo() -> Figures {
        compute_figures(&sample::demo_cases(sample::DEMO_SEED), &sample::demo_metadata())
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

//! Which chart each card draws: its height in each layout and the figures it draws from. The
//! cards and everything else they say are listed in `scrutiny_core::cards`; the match below
//! is exhaustive, so a new card does not compile until its chart is added here.

use super::{court_weekly, outcomes, outcomes_by_category, repeat_reports, review_progress, sources, time_to_outcome};
use super::{render, ChartError, HeightFn, Layout, RenderedChart};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, SVGBackend};
use scrutiny_core::cards::CardId;
use scrutiny_core::Figures;

/// Draws a card's chart from the figures into an SVG drawing area.
pub type DrawFn = fn(&DrawingArea<SVGBackend<'_>, Shift>, &Figures, Layout) -> Result<(), ChartError>;

/// How one card's chart is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Chart {
    /// Its height in each layout (the stylesheet reserves the same aspect ratio).
    pub height: HeightFn,
    /// Its drawing: the chart file's `draw`, given that chart's part of the figures.
    pub draw: DrawFn,
}

/// The chart of card `id`.
pub fn chart(id: CardId) -> Chart {
    match id {
        CardId::ReviewProgress => Chart {
            height: review_progress::height,
            draw: |area, f, layout| review_progress::draw(area, &f.review, &f.annotations, layout),
        },
        CardId::CourtWeekly => {
            Chart { height: court_weekly::height, draw: |area, f, layout| court_weekly::draw(area, &f.court, &f.annotations, layout) }
        }
        CardId::Outcomes => Chart { height: outcomes::height, draw: |area, f, layout| outcomes::draw(area, &f.outcomes, layout) },
        CardId::OutcomesByCategory => {
            Chart { height: outcomes_by_category::height, draw: |area, f, layout| outcomes_by_category::draw(area, &f.outcomes, layout) }
        }
        CardId::TimeToOutcome => {
            Chart { height: time_to_outcome::height, draw: |area, f, layout| time_to_outcome::draw(area, &f.time_to_outcome, layout) }
        }
        CardId::RepeatReports => {
            Chart { height: repeat_reports::height, draw: |area, f, layout| repeat_reports::draw(area, &f.repeat, layout) }
        }
        CardId::Sources => Chart { height: sources::height, draw: |area, f, layout| sources::draw(area, &f.sources, layout) },
    }
}

/// The chart of card `id` for figures `f`, in `layout`, as accessible SVG: its title is the
/// card's chart title and its description the card's summary.
pub fn render_card_chart(id: CardId, f: &Figures, layout: Layout) -> RenderedChart {
    let (card, chart) = (id.card(), chart(id));
    render(card.key, scrutiny_core::words::tr(card.chart_title), (card.summary)(f), chart.height, layout, |area, layout| {
        (chart.draw)(area, f, layout)
    })
}

//! Repeat reports: how the earlier cases of people reported more than once ended.

use super::{bar_panel, palette, ChartError, Layout};
use plotters::coord::Shift;
use plotters::prelude::*;
use scrutiny_core::figures::RepeatFigures;
use scrutiny_core::words::trf;

/// Chart height for each layout.
pub fn height(layout: Layout) -> u32 {
    match layout {
        Layout::Wide => 460,
        Layout::Narrow => 520,
    }
}

/// Draws the outcomes of earlier cases of repeat subjects.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &RepeatFigures, layout: Layout) -> Result<(), ChartError> {
    let title = trf("How {} earlier cases of repeat subjects ended", &[&data.earlier_cases]);
    bar_panel(area, &title, &data.earlier_outcomes, palette::DARK_PINK, layout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{render_svg, svg_texts};
    use scrutiny_core::disclose::Cell;
    use scrutiny_core::figures::CategoryCell;

    #[test]
    fn draws_each_outcome_with_its_value() {
        let cell = |label: &str, count| CategoryCell { label: label.into(), count };
        let data = RepeatFigures {
            distinct_subjects: Cell::Shown(100),
            repeat_subjects: Cell::Shown(20),
            with_cases: vec![],
            earlier_cases: Cell::Shown(40),
            earlier_outcomes: vec![
                cell("No further action", Cell::Shown(30)),
                cell("Dismissed without notice", Cell::Suppressed),
                cell("not recorded", Cell::Shown(8)),
            ],
            summary: String::new(),
        };
        let texts = svg_texts(&render_svg("r", (800, 460), "t", "d", |a| draw(a, &data, Layout::Wide)).unwrap());
        for t in ["How 40 earlier cases of repeat subjects ended", "No further action", "30", "[c]", "8"] {
            assert!(texts.iter().any(|x| x == t), "missing {t} in {texts:?}");
        }
    }
}

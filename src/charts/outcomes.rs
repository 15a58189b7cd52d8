//! Outcomes: criminal outcomes of charged cases and misconduct outcomes, as labelled
//! horizontal bars with the value (or [c]) at the end of each bar.

use super::{bar_panel, palette, ChartError, Layout};
use plotters::coord::Shift;
use plotters::prelude::*;
#[cfg(test)]
use scrutiny_core::aggregate::NOT_RECORDED;
use scrutiny_core::figures::{CategoryCell, OutcomeFigures};
use scrutiny_core::words::trf;

/// Chart height for each layout.
pub fn height(layout: Layout) -> u32 {
    match layout {
        Layout::Wide => 640,
        Layout::Narrow => 760,
    }
}

/// Draws both panels: criminal outcomes above, misconduct outcomes below.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &OutcomeFigures, layout: Layout) -> Result<(), ChartError> {
    let rows = |cells: &[CategoryCell]| cells.len() as u32 + 3;
    let (criminal_rows, misconduct_rows) = (rows(&data.criminal), rows(&data.misconduct));
    let split = area.dim_in_pixel().1 * criminal_rows / (criminal_rows + misconduct_rows);
    let (top, bottom) = area.split_vertically(split);
    bar_panel(&top, &trf("Criminal outcome of {} charged cases", &[&data.charged]), &data.criminal, palette::DARK_BLUE, layout)?;
    bar_panel(&bottom, &trf("Misconduct outcome of {} cases", &[&data.misconduct_cases]), &data.misconduct, palette::TURQUOISE, layout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::render_svg;
    use scrutiny_core::disclose::Cell;
    use scrutiny_core::figures::Breakdown;

    fn cell(label: &str, count: Cell) -> CategoryCell {
        CategoryCell { label: label.into(), count }
    }

    #[test]
    fn every_category_is_labelled_with_its_value_or_marker() {
        let data = OutcomeFigures {
            charged: Cell::Shown(70),
            criminal: vec![
                cell("Convicted", Cell::Shown(40)),
                cell("Acquitted", Cell::Suppressed),
                cell(NOT_RECORDED, Cell::Suppressed),
                cell("Pending", Cell::Shown(28)),
            ],
            misconduct_cases: Cell::Shown(12),
            misconduct: vec![cell("No case to answer", Cell::Shown(12)), cell("Dismissed without notice", Cell::Shown(0))],
            criminal_by_category: Breakdown::default(),
            misconduct_by_category: Breakdown::default(),
            summary: String::new(),
            by_category_summary: String::new(),
        };
        let svg = render_svg("o", (800, 620), "t", "d", |a| draw(a, &data, Layout::Wide)).unwrap();
        let texts = crate::charts::svg_texts(&svg);
        for text in [
            "Criminal outcome of 70 charged cases",
            "Misconduct outcome of 12 cases",
            "Convicted",
            "not recorded",
            "Dismissed without notice",
            "40",
            "[c]",
            "0",
        ] {
            assert!(texts.iter().any(|t| t == text), "missing {text} in {texts:?}");
        }
    }
}

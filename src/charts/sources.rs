//! Sources: where cases came from, and how many of each source's cases were about officers
//! or staff serving in other forces (the hotline passes many on).

use super::{bar_panel, palette, ChartError, Layout};
use plotters::coord::Shift;
use plotters::prelude::*;
use scrutiny_core::figures::SourceFigures;
use scrutiny_core::words::tr;

/// Chart height for each layout.
pub fn height(layout: Layout) -> u32 {
    match layout {
        Layout::Wide => 560,
        Layout::Narrow => 640,
    }
}

/// Draws both panels: all cases by source above, cases about other forces below.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &SourceFigures, layout: Layout) -> Result<(), ChartError> {
    let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 / 2);
    bar_panel(&top, tr("All cases, by source"), &data.by_source, palette::DARK_BLUE, layout)?;
    bar_panel(
        &bottom,
        tr("Cases about officers or staff in other forces, by source"),
        &data.other_force_by_source,
        palette::DARK_PINK,
        layout,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{render_svg, svg_texts};
    use scrutiny_core::disclose::Cell;
    use scrutiny_core::figures::CategoryCell;

    #[test]
    fn both_panels_show_each_source_with_its_value() {
        let cells = |v: &[(&str, Cell)]| v.iter().map(|(l, c)| CategoryCell { label: l.to_string(), count: *c }).collect::<Vec<_>>();
        let data = SourceFigures {
            by_source: cells(&[("Review", Cell::Shown(812)), ("Hotline", Cell::Shown(561)), ("not recorded", Cell::Suppressed)]),
            other_force_by_source: cells(&[("Review", Cell::Shown(0)), ("Hotline", Cell::Shown(240)), ("not recorded", Cell::Suppressed)]),
            other_force_withheld: Cell::Shown(0),
            summary: String::new(),
        };
        for layout in [Layout::Wide, Layout::Narrow] {
            let texts = svg_texts(&render_svg("s", (layout.width(), height(layout)), "t", "d", |a| draw(a, &data, layout)).unwrap());
            for t in ["All cases, by source", "Hotline", "812", "561", "240", "[c]"] {
                assert!(texts.iter().any(|x| x == t), "missing {t} in {texts:?}");
            }
        }
    }
}

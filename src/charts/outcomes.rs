//! Outcomes: criminal outcomes of charged cases and misconduct outcomes, as labelled
//! horizontal bars with the value (or [c]) at the end of each bar.

use super::{drawing_error, palette, ChartError, Layout};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use scrutiny_core::aggregate::NOT_RECORDED;
use scrutiny_core::figures::{CategoryCell, OutcomeFigures};

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
    draw_panel(&top, &format!("Criminal outcome of {} charged cases", data.charged), &data.criminal, palette::DARK_BLUE, layout)?;
    draw_panel(&bottom, &format!("Misconduct outcome of {} cases", data.misconduct_cases), &data.misconduct, palette::TURQUOISE, layout)
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    cells: &[CategoryCell],
    colour: RGBColor,
    layout: Layout,
) -> Result<(), ChartError> {
    let n = cells.len().max(1);
    let largest = cells.iter().filter_map(|c| c.count.value()).max().unwrap_or(0);
    let x_max = (f64::from(largest) * 1.18).max(5.0);
    let label = layout.label_size();
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", layout.title_size() - 2).into_font().color(&palette::DARK_GREY))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(if layout == Layout::Wide { 230 } else { 180 })
        .build_cartesian_2d(0f64..x_max, (0..n).into_segmented())
        .map_err(drawing_error)?;
    // Row 0 is drawn at the bottom, so the first category goes to the top row.
    let row_of = |i: usize| n - 1 - i;
    let label_of = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(r) if *r < n => cells.get(n - 1 - r).map(|c| c.label.clone()).unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .x_labels(5)
        .x_label_formatter(&|x: &f64| scrutiny_core::disclose::thousands(*x as u32))
        .y_label_formatter(&label_of)
        .y_labels(n)
        .label_style(("sans-serif", label).into_font().color(&palette::DARK_GREY))
        .draw()
        .map_err(drawing_error)?;
    let bars = cells.iter().enumerate().filter_map(|(i, c)| {
        let value = f64::from(c.count.value().filter(|v| *v > 0)?);
        let fill = if c.label == NOT_RECORDED { palette::DARK_GREY } else { colour };
        let mut bar = Rectangle::new([(0.0, SegmentValue::Exact(row_of(i))), (value, SegmentValue::Exact(row_of(i) + 1))], fill.filled());
        bar.set_margin(3, 3, 0, 0);
        Some(bar)
    });
    chart.draw_series(bars).map_err(drawing_error)?;
    let value_style = ("sans-serif", label).into_font().color(&palette::DARK_GREY).pos(Pos::new(HPos::Left, VPos::Center));
    let values = cells.iter().enumerate().map(|(i, c)| {
        let at = f64::from(c.count.value().unwrap_or(0)) + x_max * 0.01;
        Text::new(c.count.to_string(), (at, SegmentValue::CenterOf(row_of(i))), value_style.clone())
    });
    chart.draw_series(values).map_err(drawing_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::render_svg;
    use scrutiny_core::disclose::Cell;

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
            summary: String::new(),
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

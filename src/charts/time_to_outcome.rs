//! Time from report to outcome: for misconduct and criminal outcomes, the middle half of
//! cases as a bar from the lower to the upper quartile, and the median as a thick mark, each
//! labelled with its value in months (the marks are never the only cue).

use super::{drawing_error, palette, ChartError, Layout};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use scrutiny_core::figures::{whole_months, QuartileFigures, TimeToOutcomeFigures};
use scrutiny_core::words::{tr, trf};

/// Chart height for each layout.
pub fn height(layout: Layout) -> u32 {
    match layout {
        Layout::Wide => 300,
        Layout::Narrow => 360,
    }
}

/// The label above a row: what it shows, in words. The narrow layout splits it over two
/// lines so it fits a phone.
fn row_label(kind: &str, q: &QuartileFigures, layout: Layout) -> Vec<String> {
    match q.months {
        Some([lower, median, upper]) => {
            let first = trf("{}: median {} months", &[&scrutiny_core::words::tr_label(kind), &whole_months(median)]);
            let second = trf("middle half {}–{} ({} cases)", &[&whole_months(lower), &whole_months(upper), &q.cases]);
            match layout {
                Layout::Wide => vec![format!("{first}, {second}")],
                Layout::Narrow => vec![first, second],
            }
        }
        None if q.cases.value() == Some(0) => vec![trf("{}: no outcomes recorded", &[&scrutiny_core::words::tr_label(kind)])],
        None => vec![trf("{}: [c] (too few cases to show)", &[&scrutiny_core::words::tr_label(kind)])],
    }
}

/// Draws one row per kind of outcome on a shared day axis.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &TimeToOutcomeFigures, layout: Layout) -> Result<(), ChartError> {
    let rows = [("Misconduct", &data.misconduct, palette::TURQUOISE), ("Criminal", &data.criminal, palette::DARK_BLUE)];
    let longest = rows.iter().filter_map(|(_, q, _)| q.months.map(|d| d[2])).fold(0.0, f64::max);
    let x_max = (longest * 1.1).max(30.0);
    let label = layout.label_size();
    let mut chart = ChartBuilder::on(area)
        .caption(tr("Months from report to outcome"), ("sans-serif", layout.title_size()).into_font().color(&palette::DARK_GREY))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(0)
        .build_cartesian_2d(0f64..x_max, 0f64..4.0)
        .map_err(drawing_error)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .x_labels(if layout == Layout::Wide { 8 } else { 4 })
        .x_label_formatter(&|x: &f64| scrutiny_core::disclose::thousands(x.round() as u32))
        .x_desc(tr("Months from report to outcome"))
        .label_style(("sans-serif", label).into_font().color(&palette::DARK_GREY))
        .axis_desc_style(("sans-serif", label).into_font().color(&palette::DARK_GREY))
        .draw()
        .map_err(drawing_error)?;
    let text_style = ("sans-serif", label).into_font().color(&palette::DARK_GREY).pos(Pos::new(HPos::Left, VPos::Bottom));
    for (i, (kind, q, colour)) in rows.iter().enumerate() {
        // Row 0 at the top: y from 3.9 down; the label sits above its bar.
        let base = 2.1 - 2.0 * i as f64;
        let lines = row_label(kind, q, layout);
        let line_height = 0.32;
        let texts = lines.iter().enumerate().map(|(k, line)| {
            let y = base + 1.45 + line_height * (lines.len() - 1 - k) as f64;
            Text::new(line.clone(), (0.0, y), text_style.clone())
        });
        chart.draw_series(texts).map_err(drawing_error)?;
        let Some([lower, median, upper]) = q.months else { continue };
        let bar = Rectangle::new([(lower, base + 0.2), (upper, base + 1.0)], colour.mix(0.35).filled());
        let outline = Rectangle::new([(lower, base + 0.2), (upper, base + 1.0)], colour.stroke_width(2));
        let median_mark =
            Rectangle::new([(median - x_max * 0.004, base + 0.05), (median + x_max * 0.004, base + 1.15)], palette::DARK_GREY.filled());
        chart.draw_series([bar, outline, median_mark]).map_err(drawing_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{render_svg, svg_texts};
    use scrutiny_core::disclose::Cell;

    #[test]
    fn rows_are_labelled_with_their_months_or_the_suppression_marker() {
        let data = TimeToOutcomeFigures {
            misconduct: QuartileFigures { cases: Cell::Shown(1762), months: Some([7.25, 10.5, 18.75]) },
            criminal: QuartileFigures { cases: Cell::Suppressed, months: None },
            left_out: Cell::Shown(0),
            summary: String::new(),
        };
        for layout in [Layout::Wide, Layout::Narrow] {
            let svg = render_svg("t", (layout.width(), height(layout)), "t", "d", |a| draw(a, &data, layout)).unwrap();
            let texts = svg_texts(&svg);
            let expected = match layout {
                // Whole months, as people count them (10.5 rounds up).
                Layout::Wide => vec!["Misconduct: median 11 months, middle half 7–19 (1,762 cases)"],
                Layout::Narrow => vec!["Misconduct: median 11 months", "middle half 7–19 (1,762 cases)"],
            };
            for line in expected {
                assert!(texts.iter().any(|t| t == line), "{line} in {texts:?}");
            }
            assert!(texts.iter().any(|t| t == "Criminal: [c] (too few cases to show)"), "{texts:?}");
            assert!(!svg.contains("NaN"));
        }
    }
}

//! Review progress: cumulative reviews completed by week, against the total in review, with
//! the target date marked.

use super::{drawing_error, palette, weekly_chart, ChartError, Layout, WeekAxes};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use scrutiny_core::dates::long_date;
use scrutiny_core::figures::ReviewFigures;

/// Chart height for each layout.
pub fn height(layout: Layout) -> u32 {
    match layout {
        Layout::Wide => 460,
        Layout::Narrow => 420,
    }
}

/// Draws the chart for `data` into `area`.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &ReviewFigures, layout: Layout) -> Result<(), ChartError> {
    let weeks = &data.cumulative_by_week;
    let total = data.in_review.value().unwrap_or(0);
    let y_max = (f64::from(total) * 1.12).max(10.0);
    let x_max = weeks.len().max(1) as f64;
    let label = layout.label_size();
    let axes = WeekAxes {
        caption: "Reviews completed (cumulative)",
        x_desc: "Week ending",
        y_desc: "Reviews completed",
        y_max,
        y_labels: 10,
        y_label_area: (70, 56),
    };
    let mut chart = weekly_chart(area, layout, weeks, axes)?;

    if total > 0 {
        let total_style = ShapeStyle::from(&palette::DARK_GREY).stroke_width(2);
        chart
            .draw_series(DashedLineSeries::new([(0.0, f64::from(total)), (x_max, f64::from(total))], 8, 6, total_style))
            .map_err(drawing_error)?;
        let text = format!("All {} cases in review", data.in_review);
        let style = ("sans-serif", label).into_font().color(&palette::DARK_GREY).pos(Pos::new(HPos::Right, VPos::Bottom));
        chart.draw_series(std::iter::once(Text::new(text, (x_max, f64::from(total) * 1.01), style))).map_err(drawing_error)?;
    }

    if let Some(target) = data.target {
        if let Some(i) = weeks.iter().position(|w| w.week_start + chrono::Duration::days(6) >= target) {
            let x = i as f64 + 1.0;
            let style = ShapeStyle::from(&palette::ORANGE).stroke_width(2);
            chart.draw_series(DashedLineSeries::new([(x, 0.0), (x, y_max * 0.93)], 6, 4, style)).map_err(drawing_error)?;
            let text = format!("Target {}", long_date(target));
            // Keep the label inside the plot: to the right of the line unless it is near the end.
            let on_left = x > x_max * 0.6;
            let (anchor, offset) = if on_left { (HPos::Right, -0.4) } else { (HPos::Left, 0.4) };
            let style = ("sans-serif", label).into_font().color(&palette::DARK_GREY).pos(Pos::new(anchor, VPos::Top));
            chart.draw_series(std::iter::once(Text::new(text, (x + offset, y_max * 0.99), style))).map_err(drawing_error)?;
        }
    }

    // Each week's value is the count at the end of that week; suppressed weeks are left out.
    let points: Vec<(f64, f64)> =
        weeks.iter().enumerate().filter_map(|(i, w)| w.count.value().map(|n| (i as f64 + 1.0, f64::from(n)))).collect();
    chart.draw_series(LineSeries::new(points, ShapeStyle::from(&palette::DARK_BLUE).stroke_width(3))).map_err(drawing_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::render_svg;
    use chrono::NaiveDate;
    use scrutiny_core::disclose::Cell;
    use scrutiny_core::figures::WeekCell;

    fn figures() -> ReviewFigures {
        let monday = NaiveDate::from_ymd_opt(2023, 1, 16).unwrap();
        let cumulative_by_week = (0..12)
            .map(|i| {
                let week_start = monday + chrono::Duration::days(7 * i);
                let count = if i == 0 { Cell::Suppressed } else { Cell::Shown(100 * i as u32) };
                WeekCell { week_start, iso_week: String::new(), label: String::new(), count }
            })
            .collect();
        ReviewFigures {
            in_review: Cell::Shown(1633),
            completed: Cell::Shown(1100),
            target: NaiveDate::from_ymd_opt(2023, 3, 31),
            completed_by_target: Cell::Shown(1100),
            cumulative_by_week,
            summary: String::new(),
        }
    }

    #[test]
    fn draws_title_axes_total_and_target() {
        let svg = render_svg("r", (800, 440), "t", "d", |a| draw(a, &figures(), Layout::Wide)).unwrap();
        for text in ["Reviews completed (cumulative)", "Week ending", "All 1,633 cases in review", "Target 31 March 2023", "Jan 2023"] {
            assert!(svg.contains(text), "missing {text}");
        }
        assert!(svg.contains("<polyline"), "the cumulative line is drawn");
    }

    #[test]
    fn empty_data_draws_axes_without_failing() {
        let empty = ReviewFigures { cumulative_by_week: Vec::new(), in_review: Cell::Shown(0), target: None, ..figures() };
        let svg = render_svg("r", (400, 380), "t", "d", |a| draw(a, &empty, Layout::Narrow)).unwrap();
        assert!(svg.contains("Reviews completed") && !svg.contains("NaN"));
    }
}

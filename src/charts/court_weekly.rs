//! First court appearances per ISO week, zero-filled, with the committed weekly range as a
//! band. Suppressed weeks ([c]) are marked at the baseline, never drawn as a height.

use super::{drawing_error, palette, weekly_chart, ChartError, Layout, WeekAxes};
use plotters::coord::Shift;
use plotters::prelude::*;
use scrutiny_core::figures::CourtFigures;

/// Chart height for each layout.
pub fn height(layout: Layout) -> u32 {
    match layout {
        Layout::Wide => 460,
        Layout::Narrow => 420,
    }
}

/// Draws the chart for `data` into `area`.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &CourtFigures, layout: Layout) -> Result<(), ChartError> {
    let weeks = &data.weeks;
    let shown_max = weeks.iter().filter_map(|w| w.count.value()).max().unwrap_or(0);
    let band_max = data.expected_range.map_or(0.0, |(_, high)| high);
    // Headroom above the tallest bar keeps the legend clear of the data.
    let y_max = (f64::from(shown_max).max(band_max) * 1.75).ceil().max(6.0);
    let x_max = weeks.len().max(1) as f64;
    let label = layout.label_size();
    let axes = WeekAxes {
        caption: "First court appearances per week",
        x_desc: "Week commencing (ISO week)",
        y_desc: "Appearances",
        y_max,
        y_labels: (y_max as usize + 1).min(12),
        y_label_area: (56, 48),
    };
    let mut chart = weekly_chart(area, layout, weeks, axes)?;

    if let Some((low, high)) = data.expected_range {
        chart
            .draw_series(std::iter::once(Rectangle::new([(0.0, low), (x_max, high)], palette::BAND.filled())))
            .map_err(drawing_error)?
            .label(format!("Commitment: {low}–{high} a week"))
            .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], palette::BAND.filled()));
    }

    let bars = weeks.iter().enumerate().filter_map(|(i, w)| {
        let n = w.count.value()?;
        (n > 0).then(|| Rectangle::new([(i as f64 + 0.15, 0.0), (i as f64 + 0.85, f64::from(n))], palette::DARK_BLUE.filled()))
    });
    chart
        .draw_series(bars)
        .map_err(drawing_error)?
        .label("Appearances in the week")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], palette::DARK_BLUE.filled()));

    let radius = if layout == Layout::Wide { 3 } else { 2 };
    let marks = weeks
        .iter()
        .enumerate()
        .filter(|(_, w)| w.count.is_suppressed())
        .map(|(i, _)| TriangleMarker::new((i as f64 + 0.5, y_max * 0.03), radius + 1, palette::DARK_GREY.filled()));
    chart
        .draw_series(marks)
        .map_err(drawing_error)?
        .label(format!(
            "[c] {} {} (not shown)",
            data.suppressed_range,
            if data.suppressed_range == "1" { "appearance" } else { "appearances" }
        ))
        .legend(move |(x, y)| TriangleMarker::new((x + 8, y), radius + 2, palette::DARK_GREY.filled()));

    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(palette::GRID)
        .label_font(("sans-serif", label).into_font().color(&palette::DARK_GREY))
        .draw()
        .map_err(drawing_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::render_svg;
    use chrono::NaiveDate;
    use scrutiny_core::disclose::Cell;
    use scrutiny_core::figures::WeekCell;

    fn figures(counts: &[Cell]) -> CourtFigures {
        let monday = NaiveDate::from_ymd_opt(2023, 1, 2).unwrap();
        let weeks = counts
            .iter()
            .enumerate()
            .map(|(i, c)| WeekCell {
                week_start: monday + chrono::Duration::days(7 * i as i64),
                iso_week: String::new(),
                label: String::new(),
                count: *c,
            })
            .collect();
        CourtFigures {
            weeks,
            total: Cell::Shown(10),
            scheduled_after_as_of: Cell::Shown(0),
            by_offence_group: Vec::new(),
            expected_range: Some((2.0, 3.0)),
            suppressed_range: scrutiny_core::disclose::suppressed_range(3),
            summary: String::new(),
        }
    }

    #[test]
    fn bars_for_shown_weeks_markers_for_suppressed_and_a_band() {
        let data = figures(&[Cell::Shown(3), Cell::Suppressed, Cell::Shown(0), Cell::Shown(7)]);
        let svg = render_svg("c", (800, 440), "t", "d", |a| draw(a, &data, Layout::Wide)).unwrap();
        // Two bars with the series colour (the legend swatch makes a third).
        assert_eq!(svg.matches("fill=\"#12436D\"").count(), 3, "{svg}");
        assert!(svg.contains("Commitment: 2–3 a week"));
        assert!(svg.contains("[c] 1 or 2 appearances"));
        assert!(svg.contains("First court appearances per week") && svg.contains("Jan 2023"));
    }

    #[test]
    fn the_legend_names_what_a_suppressed_week_hides_under_the_release_threshold() {
        let mut data = figures(&[Cell::Shown(5), Cell::Suppressed, Cell::Suppressed]);
        data.suppressed_range = scrutiny_core::disclose::suppressed_range(5);
        let svg = render_svg("c", (800, 440), "t", "d", |a| draw(a, &data, Layout::Wide)).unwrap();
        assert!(svg.contains("[c] 1 to 4 appearances") && !svg.contains("1 or 2"), "{svg}");
    }

    #[test]
    fn no_weeks_still_draws() {
        let svg = render_svg("c", (400, 380), "t", "d", |a| draw(a, &figures(&[]), Layout::Narrow)).unwrap();
        assert!(!svg.contains("NaN"));
    }
}

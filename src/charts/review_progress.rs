//! Review progress: cumulative reviews completed by week, against the total in review, with
//! the target date, the projected finish at the recent pace (a dashed continuation) and the
//! release's events marked.

use super::{drawing_error, events, palette, weekly_chart, ChartError, Layout, WeekAxes};
use chrono::Duration;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use scrutiny_core::dates::long_date;
use scrutiny_core::figures::{ReviewFigures, ReviewProjection, WeekCell};
use scrutiny_core::metadata::Annotation;
use scrutiny_core::words::{tr, trf};

/// The axis runs on past the last week to the projected finish, for at most as many weeks
/// again as it already shows (a finish further off is drawn to the edge and given in words).
const MAX_PROJECTED_SHARE: usize = 1;

/// Chart height for each layout.
pub fn height(layout: Layout) -> u32 {
    match layout {
        Layout::Wide => 460,
        Layout::Narrow => 420,
    }
}

/// The weeks the axis shows: the data's, then (for a projected finish) the weeks up to it.
fn axis_weeks(data: &ReviewFigures) -> Vec<WeekCell> {
    let mut axis = data.cumulative_by_week.clone();
    if let (ReviewProjection::OnTrack { date, .. }, Some(last)) = (data.projection, data.cumulative_by_week.last()) {
        let extra = ((date - last.week_start).num_days().max(0) as usize).div_ceil(7).min(axis.len().max(4) * MAX_PROJECTED_SHARE);
        axis.extend((1..=extra).map(|i| WeekCell { week_start: last.week_start + Duration::days(7 * i as i64), ..last.clone() }));
    }
    axis
}

/// Draws the chart for `data` into `area`, with `events` marked where the axis covers them.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ReviewFigures,
    events: &[Annotation],
    layout: Layout,
) -> Result<(), ChartError> {
    let weeks = &data.cumulative_by_week;
    let axis = axis_weeks(data);
    let total = data.in_review.value().unwrap_or(0);
    let y_max = (f64::from(total) * 1.12).max(10.0);
    let x_max = axis.len().max(1) as f64;
    let label = layout.label_size();
    let axes = WeekAxes {
        caption: tr("Reviews completed (cumulative)"),
        x_desc: tr("Week ending"),
        y_desc: tr("Reviews completed"),
        y_max,
        y_labels: 10,
        y_label_area: (70, 56),
    };
    let mut chart = weekly_chart(area, layout, &axis, axes)?;

    if total > 0 {
        let total_style = ShapeStyle::from(&palette::DARK_GREY).stroke_width(2);
        chart
            .draw_series(DashedLineSeries::new([(0.0, f64::from(total)), (x_max, f64::from(total))], 8, 6, total_style))
            .map_err(drawing_error)?;
        let text = trf("All {} cases in review", &[&data.in_review]);
        let style = ("sans-serif", label).into_font().color(&palette::DARK_GREY).pos(Pos::new(HPos::Right, VPos::Bottom));
        chart.draw_series(std::iter::once(Text::new(text, (x_max, f64::from(total) * 1.01), style))).map_err(drawing_error)?;
    }

    if let Some(target) = data.target {
        if let Some(i) = weeks.iter().position(|w| w.week_start + chrono::Duration::days(6) >= target) {
            let x = i as f64 + 1.0;
            let style = ShapeStyle::from(&palette::ORANGE).stroke_width(2);
            chart.draw_series(DashedLineSeries::new([(x, 0.0), (x, y_max * 0.93)], 6, 4, style)).map_err(drawing_error)?;
            let text = trf("Target {}", &[&long_date(target)]);
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
    let last_point = points.last().copied();
    chart.draw_series(LineSeries::new(points, ShapeStyle::from(&palette::DARK_BLUE).stroke_width(3))).map_err(drawing_error)?;
    draw_projection(&mut chart, data, last_point, x_max, y_max, layout)?;
    let first_monday = axis.first().map(|w| w.week_start);
    events::draw(&mut chart, &events::on_axis(events, first_monday, axis.len()), (x_max, y_max), 0.45, layout)
}

/// The projected finish: a dashed line on from the last shown point to the finish (or to the
/// axis's end, on its way there), labelled with the date and the assumption; or, when the
/// review never finishes at this pace, or the projection is not shown, that in words.
fn draw_projection<DB: DrawingBackend>(
    chart: &mut super::WeekChart<'_, DB>,
    data: &ReviewFigures,
    last_point: Option<(f64, f64)>,
    x_max: f64,
    y_max: f64,
    layout: Layout,
) -> Result<(), ChartError> {
    let total = f64::from(data.in_review.value().unwrap_or(0));
    let label = layout.label_size() - 1;
    let text = match (data.projection, last_point) {
        (ReviewProjection::OnTrack { date, completed_last_4_weeks }, Some((x0, y0))) => {
            let first = data.cumulative_by_week.first().map(|w| w.week_start).unwrap_or(date);
            // The week axis ends each week at x = i + 1, where its point is drawn.
            let x_finish = events::x_of(date, first) + 1.0 / 7.0;
            let (x1, y1) = if x_finish <= x_max { (x_finish, total) } else { (x_max, y0 + (total - y0) * (x_max - x0) / (x_finish - x0)) };
            let style = ShapeStyle::from(&palette::DARK_BLUE).stroke_width(2);
            chart.draw_series(DashedLineSeries::new([(x0, y0), (x1, y1)], 7, 5, style)).map_err(drawing_error)?;
            let pace = scrutiny_core::figures::month_figure(f64::from(completed_last_4_weeks) / 4.0);
            match layout {
                Layout::Wide => trf("Projected finish {} (at {} a week, the last 4 weeks' pace)", &[&long_date(date), &pace]),
                Layout::Narrow => trf("Projected finish {}", &[&long_date(date)]),
            }
        }
        (ReviewProjection::NotOnTrack, _) => tr("Not on track at this pace: no reviews completed in the last 4 weeks").to_string(),
        (ReviewProjection::NotShown, _) => tr("Finish at the recent pace not shown ([c])").to_string(),
        _ => return Ok(()),
    };
    let text = match layout {
        Layout::Narrow if text.starts_with("Not on track") => tr("Not on track at this pace").to_string(),
        _ => text,
    };
    // At the right, well under the line (which has risen there) and above the event labels,
    // ending at the edge.
    let font = ("sans-serif", label).into_font().color(&palette::DARK_BLUE).pos(Pos::new(HPos::Right, VPos::Top));
    chart.draw_series(std::iter::once(Text::new(text, (x_max * 0.995, y_max * 0.62), font))).map_err(drawing_error)?;
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
            projection: ReviewProjection::NotOnTrack,
            summary: String::new(),
        }
    }

    #[test]
    fn draws_title_axes_total_and_target() {
        let svg = render_svg("r", (800, 440), "t", "d", |a| draw(a, &figures(), &[], Layout::Wide)).unwrap();
        for text in ["Reviews completed (cumulative)", "Week ending", "All 1,633 cases in review", "Target 31 March 2023", "Jan 2023"] {
            assert!(svg.contains(text), "missing {text}");
        }
        assert!(svg.contains("<polyline"), "the cumulative line is drawn");
        assert!(svg.contains("Not on track at this pace"), "the projection is stated");
    }

    #[test]
    fn a_projected_finish_is_a_dashed_continuation_to_its_date() {
        // 1,100 done by the week of 3 April, 100 a week: 533 to go is 5.33 weeks.
        let date = NaiveDate::from_ymd_opt(2023, 5, 12).unwrap();
        let data = ReviewFigures { projection: ReviewProjection::OnTrack { date, completed_last_4_weeks: 400 }, ..figures() };
        let svg = render_svg("r", (800, 440), "t", "d", |a| draw(a, &data, &[], Layout::Wide)).unwrap();
        assert!(
            svg.contains("Projected finish 12 May 2023 (at 100 a week, the last 4 weeks&apos; pace)")
                || svg.contains("Projected finish 12 May 2023 (at 100 a week, the last 4 weeks' pace)"),
            "{svg}"
        );
        assert!(svg.contains("May 2023"), "the axis runs on to the finish");
        let lines = super::super::svg_texts(&svg);
        assert!(!lines.iter().any(|t| t.contains("Not on track")));
    }

    #[test]
    fn events_on_the_axis_are_labelled_and_others_are_not() {
        let events = [
            Annotation { date: NaiveDate::from_ymd_opt(2023, 3, 21).unwrap(), label: "Casey Review published".into() },
            Annotation { date: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(), label: "Long before".into() },
        ];
        let svg = render_svg("r", (800, 440), "t", "d", |a| draw(a, &figures(), &events, Layout::Wide)).unwrap();
        assert!(svg.contains("Casey Review published"));
        assert!(!svg.contains("Long before"));
    }

    #[test]
    fn empty_data_draws_axes_without_failing() {
        let empty = ReviewFigures { cumulative_by_week: Vec::new(), in_review: Cell::Shown(0), target: None, ..figures() };
        let svg = render_svg("r", (400, 380), "t", "d", |a| draw(a, &empty, &[], Layout::Narrow)).unwrap();
        assert!(svg.contains("Reviews completed") && !svg.contains("NaN"));
    }
}

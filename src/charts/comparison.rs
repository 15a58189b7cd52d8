//! The comparison of two releases: above, reviews completed so far in each (lines); below,
//! first court appearances in each week (a point per week). The later release is solid dark
//! blue (a thick line, filled dots), the earlier orange (a thinner dashed line, rings drawn
//! on top, so where the two agree both still show), and the legend names both by their as-of
//! dates, so colour is never the only cue. A `[c]` week is not drawn as a value: it breaks
//! the line, and has no point.

use super::{drawing_error, palette, weekly_chart, ChartError, Layout, WeekAxes};
use plotters::chart::SeriesAnno;
use plotters::coord::Shift;
use plotters::prelude::*;
use scrutiny_core::compare::Comparison;
use scrutiny_core::disclose::Cell;
use scrutiny_core::figures::WeekCell;
use scrutiny_core::words::tr;

/// Chart height for each layout (two panels).
pub fn height(layout: Layout) -> u32 {
    match layout {
        Layout::Wide => 790,
        Layout::Narrow => 740,
    }
}

/// How a release is drawn.
struct Look {
    colour: RGBColor,
    /// The earlier release: a dashed line and rings, drawn over the later one.
    earlier: bool,
}

/// Drawing order: the later release (index 1 of the comparison's pairs) first, so the earlier
/// one is drawn over it.
const LOOKS: [(usize, Look); 2] =
    [(1, Look { colour: palette::DARK_BLUE, earlier: false }), (0, Look { colour: palette::ORANGE, earlier: true })];

/// Draws the comparison `data` into `area`.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &Comparison, layout: Layout) -> Result<(), ChartError> {
    let (charts, note) = area.split_vertically(height(layout) - 30);
    let (top, bottom) = charts.split_vertically(height(layout) / 2 + 5);
    // On the image itself, so a slide made from it says what a gap means.
    let note_size = if layout == Layout::Wide { layout.label_size() - 2 } else { layout.label_size() };
    let note_style = ("sans-serif", note_size).into_font().color(&palette::DARK_GREY);
    let note_text = if layout == Layout::Wide {
        "A week whose count is [c] (too small to show, or hidden to protect one) is not drawn."
    } else {
        "A week shown as [c] is not drawn."
    };
    note.draw(&Text::new(note_text, (12, 6), note_style)).map_err(drawing_error)?;
    // The weeks of either release, as the week axis labels them.
    let axis: Vec<WeekCell> = data
        .weeks
        .iter()
        .map(|w| WeekCell { week_start: w.week_start, iso_week: w.iso_week.clone(), label: w.label.clone(), count: Cell::Shown(0) })
        .collect();
    // The legend names each release by its as-of date (the table and caption give the ids too).
    let date_format = if layout == Layout::Wide { "%-d %B %Y" } else { "%-d %b %Y" };
    let names = [&data.then, &data.now].map(|r| format!("as of {}", r.as_of.format(date_format)));

    let in_review = data.in_review.iter().filter_map(|c| c.value()).max().unwrap_or(0);
    let review_axes = WeekAxes {
        caption: tr("Reviews completed so far"),
        x_desc: tr("Week ending"),
        y_desc: tr("Reviews completed"),
        y_max: (f64::from(in_review) * 1.15).max(10.0),
        y_labels: 6,
        y_label_area: (70, 56),
    };
    let mut chart = weekly_chart(&top, layout, &axis, review_axes)?;
    for (release, look) in &LOOKS {
        let values = data.weeks.iter().map(|w| w.reviews[*release]).collect::<Vec<_>>();
        for (i, run) in shown_runs(&values, 1.0).into_iter().enumerate() {
            let series = draw_line(&mut chart, run, look)?;
            // One legend entry per release, however many runs its line has.
            if i == 0 {
                let (colour, earlier) = (look.colour, look.earlier);
                series.label(names[*release].clone()).legend(move |(x, y)| {
                    // A sample of the line (dashed: two strokes with a gap) and of the point.
                    let line = ShapeStyle::from(&colour).stroke_width(if earlier { 2 } else { 4 });
                    let first_stroke_end = if earlier { 7 } else { 19 };
                    let point = if earlier { ShapeStyle::from(&colour).stroke_width(2) } else { colour.filled() };
                    EmptyElement::at((x, y))
                        + PathElement::new([(0, 0), (first_stroke_end, 0)], line)
                        + PathElement::new([(12, 0), (19, 0)], line)
                        + Circle::new((28, 0), if earlier { 5 } else { 3 }, point)
                });
            }
        }
    }
    // Lower right: the running totals rise to the top right, leaving that corner empty. Room
    // for the sample of line and point before each label.
    draw_legend(&mut chart, SeriesLabelPosition::LowerRight, 40, layout)?;

    let busiest = data.weeks.iter().flat_map(|w| w.court.iter().filter_map(|c| c.and_then(Cell::value))).max().unwrap_or(0);
    let court_axes = WeekAxes {
        caption: tr("First court appearances per week"),
        x_desc: tr("Week commencing"),
        y_desc: tr("Appearances"),
        // Headroom for the legend above the busiest week.
        y_max: (f64::from(busiest) * 1.6).max(5.0),
        y_labels: 5,
        y_label_area: (70, 56),
    };
    let mut chart = weekly_chart(&bottom, layout, &axis, court_axes)?;
    for (release, look) in &LOOKS {
        // A point per week: with many `[c]` weeks, a line would be more gap than line.
        let points = shown_runs(&data.weeks.iter().map(|w| w.court[*release]).collect::<Vec<_>>(), 0.5).into_iter().flatten();
        let style = if look.earlier { ShapeStyle::from(&look.colour).stroke_width(2) } else { look.colour.filled() };
        let radius = if look.earlier { 5 } else { 3 };
        chart
            .draw_series(points.map(|p| Circle::new(p, radius, style)))
            .map_err(drawing_error)?
            .label(names[*release].clone())
            .legend(move |(x, y)| Circle::new((x + 10, y), radius, style));
    }
    draw_legend(&mut chart, SeriesLabelPosition::UpperRight, 24, layout)
}

/// The legend of a panel: each release's sample and its as-of date, on a white box.
fn draw_legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut super::WeekChart<'a, DB>,
    position: SeriesLabelPosition,
    sample_width: u32,
    layout: Layout,
) -> Result<(), ChartError> {
    chart
        .configure_series_labels()
        .position(position)
        .legend_area_size(sample_width)
        .background_style(WHITE.mix(0.9))
        .border_style(palette::GRID)
        .label_font(("sans-serif", layout.label_size()).into_font().color(&palette::DARK_GREY))
        .draw()
        .map_err(drawing_error)
}

/// Draws one run of points in a release's look.
fn draw_line<'a, 'b, DB: DrawingBackend + 'a>(
    chart: &'b mut super::WeekChart<'a, DB>,
    points: Vec<(f64, f64)>,
    look: &Look,
) -> Result<&'b mut SeriesAnno<'a, DB>, ChartError> {
    let style = ShapeStyle::from(&look.colour).stroke_width(if look.earlier { 2 } else { 4 });
    if look.earlier {
        chart.draw_series(DashedLineSeries::new(points, 10, 6, style)).map_err(drawing_error)
    } else {
        chart.draw_series(LineSeries::new(points, style)).map_err(drawing_error)
    }
}

/// The runs of consecutive shown values as points (week i at x = i + `offset`): a week that
/// is `[c]` or outside the release ends a run, so no line is drawn through a hidden count.
fn shown_runs(values: &[Option<Cell>], offset: f64) -> Vec<Vec<(f64, f64)>> {
    let mut runs = vec![Vec::new()];
    for (i, value) in values.iter().enumerate() {
        match value.and_then(Cell::value) {
            Some(n) => runs.last_mut().map_or((), |run| run.push((i as f64 + offset, f64::from(n)))),
            None if runs.last().is_some_and(|run| !run.is_empty()) => runs.push(Vec::new()),
            None => {}
        }
    }
    runs.retain(|run| !run.is_empty());
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{render_svg, svg_texts};
    use chrono::NaiveDate;
    use scrutiny_core::compare::{ComparedWeek, ReleaseName};

    fn comparison() -> Comparison {
        let monday = NaiveDate::from_ymd_opt(2023, 1, 2).unwrap();
        let weeks = (0..20)
            .map(|i| {
                let week_start = monday + chrono::Duration::days(7 * i);
                let then = (i < 12).then_some(Cell::Shown(50 * i as u32));
                let court = if i == 5 { Cell::Suppressed } else { Cell::Shown(2 + (i as u32 % 3)) };
                ComparedWeek {
                    week_start,
                    label: format!("w/c {week_start}"),
                    iso_week: String::new(),
                    reviews: [then, Some(Cell::Shown(60 * i as u32))],
                    court: [(i < 12).then_some(court), Some(court)],
                }
            })
            .collect();
        let name = |id: &str, m: u32| ReleaseName { id: id.into(), as_of: NaiveDate::from_ymd_opt(2023, m, 28).unwrap() };
        Comparison {
            then: name("early", 3),
            now: name("late", 5),
            figures: Vec::new(),
            commitments: Vec::new(),
            weeks,
            in_review: [Cell::Shown(900), Cell::Shown(1_200)],
            summary: String::new(),
        }
    }

    #[test]
    fn both_releases_are_drawn_and_named_in_the_legend() {
        for layout in [Layout::Wide, Layout::Narrow] {
            let svg = render_svg("c", (layout.width(), height(layout)), "t", "d", |a| draw(a, &comparison(), layout)).unwrap();
            let texts = svg_texts(&svg);
            let legend = if layout == Layout::Wide {
                ["as of 28 March 2023", "as of 28 May 2023"]
            } else {
                ["as of 28 Mar 2023", "as of 28 May 2023"]
            };
            assert!(texts.iter().any(|t| t.starts_with("A week") && t.ends_with("is not drawn.")), "the note on [c] weeks");
            for expected in ["Reviews completed so far", "First court appearances per week", legend[0], legend[1]] {
                assert!(texts.iter().any(|t| t == expected), "{layout:?}: missing {expected} in {texts:?}");
            }
            assert!(svg.matches("<polyline").count() > 6, "the earlier release is a dashed line (many short strokes)");
            // A point per shown court week: 19 of the later release's 20 (one is [c]), 11 of the
            // earlier's 12; and a sample of each in both legends.
            assert_eq!(svg.matches("<circle").count(), 19 + 11 + 4);
            assert!(!svg.contains("NaN"));
        }
    }

    #[test]
    fn hidden_and_missing_weeks_break_the_line() {
        let values = [Some(Cell::Shown(1)), Some(Cell::Shown(2)), Some(Cell::Suppressed), Some(Cell::Shown(4)), None, None];
        assert_eq!(shown_runs(&values, 0.5), vec![vec![(0.5, 1.0), (1.5, 2.0)], vec![(3.5, 4.0)]]);
        assert!(shown_runs(&[None, Some(Cell::Suppressed)], 1.0).is_empty());
    }
}

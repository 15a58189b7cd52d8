//! First court appearances per ISO week, zero-filled, each week's bar stacked by offence
//! group (where a week's split would give a small count away, that part of the bar is grey:
//! "not shown by group"), with the committed weekly range as a band from the day the
//! commitment applies, and the release's events marked. Suppressed weeks ([c]) are marked at
//! the baseline, never drawn as a height. The legend is drawn beside the plot (below it on a
//! phone), so it never covers a bar.

use super::{drawing_error, events, palette, weekly_chart, ChartError, Layout, WeekAxes};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use scrutiny_core::aggregate::NOT_RECORDED;
use scrutiny_core::figures::CourtFigures;
use scrutiny_core::metadata::Annotation;
use scrutiny_core::words::{tr, trf};

/// Chart height for each layout.
pub fn height(layout: Layout) -> u32 {
    match layout {
        Layout::Wide => 460,
        Layout::Narrow => 700,
    }
}

/// The fill of each offence group, in the contract's order (the Analysis Function's palette,
/// neighbours at 3:1 or more); "not recorded" is dark grey.
const GROUP_COLOURS: [RGBColor; 5] =
    [palette::DARK_BLUE, palette::TURQUOISE, palette::DARK_PINK, palette::LIGHT_PURPLE, palette::DARK_ORANGE];

/// Where the legend goes: the share of the width beside the plot (wide), or of the height
/// below it (narrow).
const LEGEND_SHARE: (u32, u32) = (27, 43);

fn group_colour(label: &str, i: usize) -> RGBColor {
    if label == NOT_RECORDED {
        palette::DARK_GREY
    } else {
        GROUP_COLOURS[i % GROUP_COLOURS.len()]
    }
}

/// One legend entry: its swatch and its words.
enum Swatch {
    Fill(RGBColor),
    Triangle,
}

/// Draws the chart for `data` into `area`, with `events` marked where the axis covers them.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &CourtFigures,
    events: &[Annotation],
    layout: Layout,
) -> Result<(), ChartError> {
    let (width, height) = area.dim_in_pixel();
    let (plot_area, legend_area) = match layout {
        Layout::Wide => area.split_horizontally(width * (100 - LEGEND_SHARE.0) / 100),
        Layout::Narrow => area.split_vertically(height * (100 - LEGEND_SHARE.1) / 100),
    };
    let weeks = &data.weeks;
    let shown_max = weeks.iter().filter_map(|w| w.count.value()).max().unwrap_or(0);
    let band_max = data.expected_range.map_or(0.0, |(_, high)| high);
    // Headroom above the tallest bar for the events' labels.
    let y_max = (f64::from(shown_max).max(band_max) * 1.5).ceil().max(6.0);
    let x_max = weeks.len().max(1) as f64;
    let axes = WeekAxes {
        caption: tr("First court appearances per week"),
        x_desc: tr("Week commencing (ISO week)"),
        y_desc: tr("Appearances"),
        y_max,
        y_labels: (y_max as usize + 1).min(12),
        y_label_area: (56, 48),
    };
    let mut chart = weekly_chart(&plot_area, layout, weeks, axes)?;
    let first_monday = weeks.first().map(|w| w.week_start);
    let mut legend = Vec::new();

    if let Some((low, high)) = data.expected_range {
        // The band starts where the commitment does (a commitment made in January does not
        // apply to the weeks before it).
        let from = match (data.expected_from, first_monday) {
            (Some(from), Some(first)) => events::x_of(from, first).clamp(0.0, x_max),
            _ => 0.0,
        };
        if from < x_max {
            chart
                .draw_series(std::iter::once(Rectangle::new([(from, low), (x_max, high)], palette::BAND.filled())))
                .map_err(drawing_error)?;
            let words = match data.expected_from {
                Some(from) => trf("Commitment: {}–{} a week\nfrom {}", &[&low, &high, &scrutiny_core::dates::short_date(from)]),
                None => trf("Commitment: {}–{} a week", &[&low, &high]),
            };
            legend.push((Swatch::Fill(palette::BAND), words));
        }
    }

    let groups = &data.by_week_and_group;
    let mut any_not_shown = false;
    for (i, w) in weeks.iter().enumerate() {
        let Some(total) = w.count.value().filter(|n| *n > 0) else { continue };
        let (left, right) = (i as f64 + 0.15, i as f64 + 0.85);
        // A hairline of white between segments: each fill is 3:1 or more against white, so
        // every segment's edge shows whatever its neighbour's colour.
        let gap = y_max * 0.004;
        let mut base = 0.0;
        let cells = groups.rows.get(i).map(|r| r.cells.as_slice()).unwrap_or(&[]);
        for (g, cell) in cells.iter().enumerate() {
            let Some(n) = cell.value().filter(|n| *n > 0) else { continue };
            let colour = group_colour(groups.columns.get(g).map_or("", String::as_str), g);
            let top = base + f64::from(n);
            let bottom = if base > 0.0 { base + gap } else { base };
            chart.draw_series(std::iter::once(Rectangle::new([(left, bottom), (right, top)], colour.filled()))).map_err(drawing_error)?;
            base = top;
        }
        // What the shown groups leave of the week's (shown) total: the hidden groups together.
        if base < f64::from(total) {
            any_not_shown = true;
            let bottom = if base > 0.0 { base + gap } else { base };
            let rest = [(left, bottom), (right, f64::from(total))];
            chart.draw_series(std::iter::once(Rectangle::new(rest, palette::MID_GREY.filled()))).map_err(drawing_error)?;
        }
    }
    for (g, label) in groups.columns.iter().enumerate() {
        let count = data.by_offence_group.get(g).map(|c| c.count);
        if count.and_then(|c| c.value()) == Some(0) {
            continue;
        }
        let count = count.map(|c| format!(" ({c})")).unwrap_or_default();
        legend.push((Swatch::Fill(group_colour(label, g)), format!("{}{count}", scrutiny_core::words::tr_label(label))));
    }
    if any_not_shown {
        legend.push((Swatch::Fill(palette::MID_GREY), tr("Not shown by group\n([c])").into()));
    }

    let radius = if layout == Layout::Wide { 3 } else { 2 };
    let marks = weeks
        .iter()
        .enumerate()
        .filter(|(_, w)| w.count.is_suppressed())
        .map(|(i, _)| TriangleMarker::new((i as f64 + 0.5, y_max * 0.03), radius + 1, palette::DARK_GREY.filled()));
    chart.draw_series(marks).map_err(drawing_error)?;
    if weeks.iter().any(|w| w.count.is_suppressed()) {
        let noun = if data.suppressed_range == "1" { tr("appearance") } else { tr("appearances") };
        legend.push((Swatch::Triangle, trf("[c] {} {}\n(not shown)", &[&data.suppressed_range, &noun])));
    }

    events::draw(&mut chart, &events::on_axis(events, first_monday, weeks.len()), (x_max, y_max), 0.92, layout)?;
    draw_legend(&legend_area, &legend, layout)
}

/// The legend, an entry (of one or more lines) after another, from the top of its area.
fn draw_legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, entries: &[(Swatch, String)], layout: Layout) -> Result<(), ChartError> {
    let size = layout.label_size() - 1;
    let step = size as i32 + 8;
    let (left, mut line_top) = match layout {
        Layout::Wide => (6, 64),
        Layout::Narrow => (16, 0),
    };
    let font = ("sans-serif", size).into_font().color(&palette::DARK_GREY).pos(Pos::new(HPos::Left, VPos::Center));
    for (swatch, words) in entries {
        let y = line_top + step / 2;
        let square = [(left, y - 7), (left + 16, y + 7)];
        match swatch {
            Swatch::Fill(colour) => area.draw(&Rectangle::new(square, colour.filled())),
            Swatch::Triangle => area.draw(&TriangleMarker::new((left + 8, y), 5, palette::DARK_GREY.filled())),
        }
        .map_err(drawing_error)?;
        for (i, line) in words.split('\n').enumerate() {
            area.draw(&Text::new(line.to_string(), (left + 24, y + step * i as i32), font.clone())).map_err(drawing_error)?;
            line_top += step;
        }
        line_top += 4;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::render_svg;
    use chrono::NaiveDate;
    use scrutiny_core::disclose::Cell;
    use scrutiny_core::figures::{Breakdown, BreakdownRow, CategoryCell, WeekCell};

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
            by_week_and_group: scrutiny_core::figures::Breakdown::default(),
            expected_range: Some((2.0, 3.0)),
            expected_from: None,
            suppressed_range: scrutiny_core::disclose::suppressed_range(3),
            summary: String::new(),
        }
    }

    #[test]
    fn bars_for_shown_weeks_markers_for_suppressed_and_a_band() {
        let data = figures(&[Cell::Shown(3), Cell::Suppressed, Cell::Shown(0), Cell::Shown(7)]);
        let svg = render_svg("c", (800, 440), "t", "d", |a| draw(a, &data, &[], Layout::Wide)).unwrap();
        // No split by group is shown: both bars are grey, "not shown by group".
        assert_eq!(svg.matches("fill=\"#949494\"").count(), 2 + 1, "two bars and the legend's swatch: {svg}");
        assert!(svg.contains("Commitment: 2–3 a week"));
        assert!(svg.contains("[c] 1 or 2 appearances") && svg.contains("Not shown by group"));
        assert!(svg.contains("First court appearances per week") && svg.contains("Jan 2023"));
    }

    #[test]
    fn weeks_are_stacked_by_offence_group_with_a_legend_and_the_band_starts_at_the_commitment() {
        let mut data = figures(&[Cell::Shown(7), Cell::Shown(6), Cell::Shown(0), Cell::Shown(4)]);
        let columns = vec!["Sexual offences".to_string(), "Violence".to_string()];
        let row = |label: &str, cells: [Cell; 2], total: u32| BreakdownRow {
            label: label.into(),
            total: Cell::Shown(total),
            cells: cells.to_vec(),
        };
        data.by_week_and_group = Breakdown {
            columns,
            column_totals: vec![Cell::Shown(10), Cell::Shown(7)],
            rows: vec![
                row("w1", [Cell::Shown(4), Cell::Shown(3)], 7),
                row("w2", [Cell::Shown(3), Cell::Shown(3)], 6),
                row("w3", [Cell::Shown(0), Cell::Shown(0)], 0),
                row("w4", [Cell::Suppressed, Cell::Suppressed], 4),
            ],
        };
        data.by_offence_group = vec![
            CategoryCell { label: "Sexual offences".into(), count: Cell::Shown(10) },
            CategoryCell { label: "Violence".into(), count: Cell::Shown(7) },
        ];
        data.expected_from = NaiveDate::from_ymd_opt(2023, 1, 16);
        let svg = render_svg("c", (800, 460), "t", "d", |a| draw(a, &data, &[], Layout::Wide)).unwrap();
        // Two weeks' segments of each group, and each group's legend swatch.
        assert_eq!(svg.matches("fill=\"#12436D\"").count(), 3, "{svg}");
        assert_eq!(svg.matches("fill=\"#28A197\"").count(), 3, "{svg}");
        let texts = crate::charts::svg_texts(&svg);
        assert!(texts.iter().any(|t| t == "Sexual offences (10)") && texts.iter().any(|t| t == "Violence (7)"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "from 16 Jan 2023"), "{texts:?}");
        // 16 January is the Monday of the third week (of 4): the band covers the last two.
        let band = svg.split("fill=\"#D4ECEA\"").next().and_then(|before| before.rsplit("<rect").next()).unwrap_or_default();
        let x = |key: &str| band.split(&format!("{key}=\"")).nth(1).and_then(|v| v.split('"').next()).and_then(|v| v.parse::<f64>().ok());
        let (band_x, band_width) = (x("x").unwrap(), x("width").unwrap());
        assert!((band_width / (band_x + band_width - 56.0 - 12.0) - 0.5).abs() < 0.02, "the band covers the last 2 of 4 weeks: {band}");
    }

    #[test]
    fn the_legend_names_what_a_suppressed_week_hides_under_the_release_threshold() {
        let mut data = figures(&[Cell::Shown(5), Cell::Suppressed, Cell::Suppressed]);
        data.suppressed_range = scrutiny_core::disclose::suppressed_range(5);
        let svg = render_svg("c", (800, 440), "t", "d", |a| draw(a, &data, &[], Layout::Wide)).unwrap();
        assert!(svg.contains("[c] 1 to 4 appearances") && !svg.contains("1 or 2"), "{svg}");
    }

    #[test]
    fn the_legend_fits_below_the_plot_on_a_phone_in_either_language() {
        let mut data = figures(&[Cell::Shown(7), Cell::Suppressed]);
        data.expected_from = NaiveDate::from_ymd_opt(2023, 1, 16);
        data.by_offence_group = ["Sexual offences", "Domestic abuse", "Violence", "Dishonesty", "Other"]
            .map(|g| CategoryCell { label: g.into(), count: Cell::Shown(9) })
            .to_vec();
        for lang in scrutiny_core::words::Lang::ALL {
            let layout = Layout::Narrow;
            let svg = scrutiny_core::words::with_lang(lang, || {
                render_svg("c", (layout.width(), height(layout)), "t", "d", |a| draw(a, &data, &[], layout)).unwrap()
            });
            let lowest = svg
                .split("<text")
                .skip(1)
                .filter_map(|t| t.split(" y=\"").nth(1)?.split('"').next()?.parse::<f64>().ok())
                .fold(0.0, f64::max);
            // A line's centre plus half its height stays inside the chart.
            assert!(lowest + 8.0 <= f64::from(height(layout)), "{lang:?}: a legend line at {lowest} of {}", height(layout));
        }
    }

    #[test]
    fn no_weeks_still_draws() {
        let svg = render_svg("c", (400, 380), "t", "d", |a| draw(a, &figures(&[]), &[], Layout::Narrow)).unwrap();
        assert!(!svg.contains("NaN"));
    }
}

//! Events on a week axis: each annotation of the release whose date the axis covers, drawn as
//! a labelled dashed line (the label is data, drawn as text that `render_svg` escapes). Shared
//! by the time charts.

use super::{drawing_error, palette, ChartError, Layout, WeekChart};
use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use scrutiny_core::metadata::Annotation;

/// The longest label drawn in the narrow layout; longer ones are cut with "…" (the table and
/// the About tab give them whole).
const NARROW_LABEL_CHARS: usize = 26;

/// Where `date` falls on an axis whose week `0` starts on `first_monday`: week `i` spans
/// `i..i + 1`, so a Wednesday is a little under halfway through its week.
pub fn x_of(date: NaiveDate, first_monday: NaiveDate) -> f64 {
    (date - first_monday).num_days() as f64 / 7.0
}

/// The events among `events` that an axis of `weeks` weeks from `first_monday` covers.
pub fn on_axis(events: &[Annotation], first_monday: Option<NaiveDate>, weeks: usize) -> Vec<(f64, &Annotation)> {
    let Some(first) = first_monday else { return Vec::new() };
    events.iter().map(|e| (x_of(e.date, first), e)).filter(|(x, _)| *x >= 0.0 && *x <= weeks as f64).collect()
}

/// Draws each event the axis covers as a dashed vertical line from the baseline, its label
/// beside the line's top: the first at `label_top` (a share of the axis's height, chosen by
/// each chart to clear its data and legend), the next ones stepped down so that two events
/// never overlap.
pub fn draw<DB: DrawingBackend>(
    chart: &mut WeekChart<'_, DB>,
    events: &[(f64, &Annotation)],
    (x_max, y_max): (f64, f64),
    label_top: f64,
    layout: Layout,
) -> Result<(), ChartError> {
    let label_size = layout.label_size() - 2;
    let style = ShapeStyle::from(&palette::DARK_GREY).stroke_width(2);
    for (i, (x, event)) in events.iter().enumerate() {
        let top = y_max * (label_top - 0.07 * (i % 4) as f64);
        chart.draw_series(DashedLineSeries::new([(*x, 0.0), (*x, top)], 4, 4, style)).map_err(drawing_error)?;
        let label = match layout {
            Layout::Wide => event.label.clone(),
            Layout::Narrow => shorten(&event.label),
        };
        // Beside the line, on the side with room.
        let on_left = *x > x_max * 0.55;
        let (anchor, offset) = if on_left { (HPos::Right, -x_max * 0.006) } else { (HPos::Left, x_max * 0.006) };
        let font = ("sans-serif", label_size).into_font().color(&palette::DARK_GREY).pos(Pos::new(anchor, VPos::Center));
        chart.draw_series(std::iter::once(Text::new(label, (*x + offset, top), font))).map_err(drawing_error)?;
    }
    Ok(())
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= NARROW_LABEL_CHARS {
        return label.to_string();
    }
    let cut: String = label.chars().take(NARROW_LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn only_events_the_axis_covers_are_placed() {
        let events = vec![
            Annotation { date: ymd(2022, 12, 31), label: "before".into() },
            Annotation { date: ymd(2023, 1, 11), label: "week 1, Wednesday".into() },
            Annotation { date: ymd(2023, 3, 1), label: "after".into() },
        ];
        let placed = on_axis(&events, Some(ymd(2023, 1, 2)), 4);
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].1.label, "week 1, Wednesday");
        assert!((placed[0].0 - 9.0 / 7.0).abs() < 1e-9);
        assert!(on_axis(&events, None, 4).is_empty());
    }

    #[test]
    fn long_labels_are_cut_on_phones() {
        assert_eq!(shorten("Casey Review published"), "Casey Review published");
        let cut = shorten("IOPC opens investigations into the earlier reports");
        assert!(cut.ends_with('…') && cut.chars().count() <= NARROW_LABEL_CHARS, "{cut}");
    }
}

//! Charts, one per file. Each has a `draw(area, &data, layout)` that is generic over plotters'
//! `DrawingBackend`, so the same code draws in the browser and in native tests
//! (`SVGBackend::with_string`), and a `height(layout)`. [`registry`] says which chart each card
//! draws; [`render_svg`] wraps a draw function into an accessible SVG.

pub mod comparison;
pub mod court_weekly;
pub mod events;
pub mod outcomes;
pub mod outcomes_by_category;
pub mod registry;
pub mod repeat_reports;
pub mod review_progress;
pub mod sources;
pub mod time_to_outcome;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use scrutiny_core::text::escape_xml;
use thiserror::Error;

/// The UK Analysis Function categorical palette, in its recommended order.
pub mod palette {
    use plotters::style::RGBColor;
    /// Dark blue.
    pub const DARK_BLUE: RGBColor = RGBColor(0x12, 0x43, 0x6D);
    /// Turquoise.
    pub const TURQUOISE: RGBColor = RGBColor(0x28, 0xA1, 0x97);
    /// Dark pink.
    pub const DARK_PINK: RGBColor = RGBColor(0x80, 0x16, 0x50);
    /// Orange.
    pub const ORANGE: RGBColor = RGBColor(0xF4, 0x6A, 0x25);
    /// Dark grey: text, axes and "not recorded".
    pub const DARK_GREY: RGBColor = RGBColor(0x3D, 0x3D, 0x3D);
    /// Light purple.
    pub const LIGHT_PURPLE: RGBColor = RGBColor(0xA2, 0x85, 0xD1);
    /// Band fill for expected ranges: turquoise at low opacity is drawn with this mix.
    pub const BAND: RGBColor = RGBColor(0xD4, 0xEC, 0xEA);
    /// Light grey for gridlines.
    pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
    /// Dark orange: a fill where orange would be too light (6.5:1 on white).
    pub const DARK_ORANGE: RGBColor = RGBColor(0xB3, 0x5A, 0x1F);
    /// Mid grey: a part not shown (3:1 on white).
    pub const MID_GREY: RGBColor = RGBColor(0x94, 0x94, 0x94);
}

/// Why a chart could not be drawn. The message is what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChartError {
    /// Plotters reported a drawing failure.
    #[error("The chart could not be drawn ({0}). The table has the same figures.")]
    Drawing(String),
}

/// Converts any plotters drawing error into a [`ChartError`].
pub fn drawing_error<E: std::error::Error + Send + Sync>(error: DrawingAreaErrorKind<E>) -> ChartError {
    ChartError::Drawing(error.to_string())
}

/// Two layouts for each chart: wide for desktops and slides, narrow for phones, each with
/// font sizes that stay legible at the size it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// 800 px wide: desktops, print and slides.
    Wide,
    /// 360 px wide: phones.
    Narrow,
}

impl Layout {
    /// The layout for a screen: narrow up to 600 CSS px (the stylesheet's breakpoint).
    pub fn for_narrow_screen(narrow: bool) -> Layout {
        if narrow {
            Layout::Narrow
        } else {
            Layout::Wide
        }
    }

    /// The CSS class suffix: `chart-wide` or `chart-narrow`.
    pub fn class(self) -> &'static str {
        match self {
            Layout::Wide => "wide",
            Layout::Narrow => "narrow",
        }
    }

    /// Width in SVG user units.
    pub fn width(self) -> u32 {
        match self {
            Layout::Wide => 800,
            Layout::Narrow => 360,
        }
    }

    /// Font size for titles.
    pub fn title_size(self) -> u32 {
        match self {
            Layout::Wide => 24,
            Layout::Narrow => 20,
        }
    }

    /// Font size for axis labels and annotations.
    pub fn label_size(self) -> u32 {
        match self {
            Layout::Wide => 17,
            Layout::Narrow => 15,
        }
    }
}

/// Draws into an SVG string of `width` × `height` and makes it accessible: `role="img"`, a
/// `<title>` and a `<desc>` (the text summary), both XML-escaped.
pub fn render_svg<F>(id: &str, size: (u32, u32), title: &str, description: &str, draw: F) -> Result<String, ChartError>
where
    F: FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), ChartError>,
{
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(drawing_error)?;
        draw(&root)?;
        root.present().map_err(drawing_error)?;
    }
    Ok(make_accessible(&svg, id, title, description))
}

fn make_accessible(svg: &str, id: &str, title: &str, description: &str) -> String {
    let Some(open_end) = svg.find('>') else { return svg.to_string() };
    let (open, rest) = svg.split_at(open_end);
    let id = escape_xml(id);
    let open = open.replacen("<svg ", &format!("<svg role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" "), 1);
    format!(
        "{open}><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        escape_xml(title),
        escape_xml(description),
        &rest[1..]
    )
}

/// A chart's height for a layout.
pub type HeightFn = fn(Layout) -> u32;

/// A chart rendered in one layout: the page renders only the layout the screen shows, so a
/// filter change draws each chart once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedChart {
    /// Which layout.
    pub layout: Layout,
    /// Its pixel size (the SVG's viewBox; the PNG download's size).
    pub size: (u32, u32),
    /// The SVG, or why it could not be drawn.
    pub svg: Result<String, ChartError>,
}

/// Renders `draw` in `layout` as accessible SVG.
pub fn render<F>(id: &str, title: &str, description: &str, height: HeightFn, layout: Layout, draw: F) -> RenderedChart
where
    F: Fn(&DrawingArea<SVGBackend, Shift>, Layout) -> Result<(), ChartError>,
{
    let svg_id = format!("{id}-{}", layout.class());
    let size = (layout.width(), height(layout));
    RenderedChart { layout, size, svg: render_svg(&svg_id, size, title, description, |area| draw(area, layout)) }
}

/// The axes of a chart over a run of ISO weeks.
#[derive(Debug, Clone, Copy)]
pub struct WeekAxes<'t> {
    /// Title drawn above the chart.
    pub caption: &'t str,
    /// Label of the week axis.
    pub x_desc: &'t str,
    /// Label of the value axis.
    pub y_desc: &'t str,
    /// Top of the value axis.
    pub y_max: f64,
    /// Number of value ticks to aim for.
    pub y_labels: usize,
    /// Width of the value-label area, wide and narrow.
    pub y_label_area: (u32, u32),
}

/// A chart context whose axes are both `f64`.
pub type WeekChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Builds a chart whose x axis is `weeks` (week i spans x = i to i + 1, ticks labelled by
/// month) and draws its caption, mesh and axis labels.
pub fn weekly_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    layout: Layout,
    weeks: &[scrutiny_core::figures::WeekCell],
    axes: WeekAxes<'_>,
) -> Result<WeekChart<'a, DB>, ChartError> {
    let label = layout.label_size();
    let x_max = weeks.len().max(1) as f64;
    let wide = layout == Layout::Wide;
    let mut chart = ChartBuilder::on(area)
        .caption(axes.caption, ("sans-serif", layout.title_size()).into_font().color(&palette::DARK_GREY))
        .margin(12)
        .x_label_area_size(if wide { 50 } else { 44 })
        .y_label_area_size(if wide { axes.y_label_area.0 } else { axes.y_label_area.1 })
        .build_cartesian_2d(0f64..x_max, 0f64..axes.y_max)
        .map_err(drawing_error)?;
    let week_label = |x: &f64| weeks.get(x.floor() as usize).map(|w| month_label(w.week_start)).unwrap_or_default();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .x_labels(if wide { 8 } else { 4 })
        .y_labels(axes.y_labels)
        .x_label_formatter(&week_label)
        .y_label_formatter(&|y: &f64| scrutiny_core::disclose::thousands(y.round() as u32))
        .x_desc(axes.x_desc)
        .y_desc(axes.y_desc)
        .label_style(("sans-serif", label).into_font().color(&palette::DARK_GREY))
        .axis_desc_style(("sans-serif", label).into_font().color(&palette::DARK_GREY))
        .draw()
        .map_err(drawing_error)?;
    Ok(chart)
}

/// Labelled horizontal bars, one row per category in the given order, with the value (or
/// `[c]`) at the end of each bar; "not recorded" in grey. Used by the outcome and repeat charts.
pub fn bar_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    cells: &[scrutiny_core::figures::CategoryCell],
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
        // `0..n - 1` has n segments, one a bar (`0..n` would have an empty one at the top).
        .build_cartesian_2d(0f64..x_max, (0..n - 1).into_segmented())
        .map_err(drawing_error)?;
    // Row 0 is drawn at the bottom, so the first category goes to the top row.
    let row_of = |i: usize| n - 1 - i;
    // A row's top edge: the next row's start, or the axis's end for the top row.
    let top_of = |row: usize| if row + 1 < n { SegmentValue::Exact(row + 1) } else { SegmentValue::Last };
    chart
        .configure_mesh()
        .disable_y_mesh()
        // The categories are labelled below, beside their bars: no tick marks, no key points.
        .set_tick_mark_size(LabelAreaPosition::Left, 0)
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .x_labels(5)
        .x_label_formatter(&|x: &f64| scrutiny_core::disclose::thousands(*x as u32))
        // (One key point, unlabelled: none at all overflows plotters' key-point search.)
        .y_labels(1)
        .y_label_formatter(&|_| String::new())
        .label_style(("sans-serif", label).into_font().color(&palette::DARK_GREY))
        .draw()
        .map_err(drawing_error)?;
    // Each category's label, right-aligned a little left of the axis at its row's middle (in
    // the area's own pixels: the chart maps to the backend's).
    let (base_x, base_y) = area.get_base_pixel();
    let label_style = ("sans-serif", label).into_font().color(&palette::DARK_GREY).pos(Pos::new(HPos::Right, VPos::Center));
    for (i, c) in cells.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(0.0, SegmentValue::CenterOf(row_of(i))));
        area.draw(&Text::new(scrutiny_core::words::tr_label(&c.label), (x - base_x - 8, y - base_y), label_style.clone()))
            .map_err(drawing_error)?;
    }
    let bars = cells.iter().enumerate().filter_map(|(i, c)| {
        let value = f64::from(c.count.value().filter(|v| *v > 0)?);
        let fill = if c.label == scrutiny_core::aggregate::NOT_RECORDED { palette::DARK_GREY } else { colour };
        let mut bar = Rectangle::new([(0.0, SegmentValue::Exact(row_of(i))), (value, top_of(row_of(i)))], fill.filled());
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

/// WCAG relative luminance of an sRGB colour: what the contrast of two colours is computed
/// from (a chart choosing its ink, and the palette's tests).
pub fn luminance(c: RGBColor) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// "Jan 2023" for a week axis tick.
pub fn month_label(date: chrono::NaiveDate) -> String {
    scrutiny_core::dates::short_month(date)
}

/// The trimmed contents of every `<text>` element of an SVG string, for tests.
#[cfg(test)]
pub fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text").skip(1).filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim().to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheet_reserves_each_charts_aspect_ratio() {
        // The page reserves chart space in CSS so nothing shifts when a chart appears.
        let css = include_str!("../../style/main.css");
        for card in scrutiny_core::cards::CardId::ALL {
            let (id, height) = (card.key(), registry::chart(card).height);
            for (layout, class) in [(Layout::Wide, "wide"), (Layout::Narrow, "narrow")] {
                let rule = format!("[data-card-box=\"{id}\"] .chart-{class} {{ aspect-ratio: {} / {}; }}", layout.width(), height(layout));
                assert!(css.contains(&rule), "style/main.css needs: {rule}");
            }
        }
    }

    fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn palette_colours_meet_3_to_1_where_they_touch() {
        use palette::*;
        // Neighbours in the Analysis Function's order, as a stacked or grouped chart would use them.
        let order = [DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE];
        for pair in order.windows(2) {
            assert!(contrast(pair[0], pair[1]) >= 3.0, "{:?} next to {:?}: {:.2}", pair[0], pair[1], contrast(pair[0], pair[1]));
        }
        // Colours that fill bars and marks on the white chart background (WCAG 1.4.11). Orange
        // (2.9:1) only draws the target line, which is also labelled in text.
        for fill in [DARK_BLUE, TURQUOISE, DARK_PINK, DARK_GREY, MID_GREY, LIGHT_PURPLE, DARK_ORANGE] {
            assert!(contrast(fill, WHITE) >= 3.0, "{fill:?} on white: {:.2}", contrast(fill, WHITE));
        }
    }

    #[test]
    fn labels_drawn_by_plotters_are_escaped_too() {
        let cells = vec![scrutiny_core::figures::CategoryCell {
            label: "<img src=x onerror=alert(1)>".into(),
            count: scrutiny_core::disclose::Cell::Shown(5),
        }];
        let svg =
            render_svg("l", (800, 200), "t", "d", |area| bar_panel(area, "<script>x</script>", &cells, palette::DARK_BLUE, Layout::Wide))
                .unwrap();
        assert!(!svg.contains("<img") && !svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;img src=x onerror=alert(1)&gt;"), "{svg}");
    }

    #[test]
    fn a_bar_panel_has_a_row_per_category_and_no_empty_slot_or_stray_tick() {
        let cells: Vec<_> = [5, 9, 2]
            .map(|n| scrutiny_core::figures::CategoryCell { label: format!("C{n}"), count: scrutiny_core::disclose::Cell::Shown(n) })
            .to_vec();
        let svg = render_svg("b", (800, 300), "t", "d", |area| bar_panel(area, "Title", &cells, palette::DARK_BLUE, Layout::Wide)).unwrap();
        let number = |text: &str, key: &str| -> i32 {
            text.split(&format!("{key}=\"")).nth(1).and_then(|v| v.split('"').next()).and_then(|v| v.parse().ok()).unwrap_or(-1)
        };
        // The value axis's line: "x,top x,bottom".
        let axis = svg.split("points=\"").nth(1).and_then(|p| p.split('"').next()).unwrap_or_default();
        let ys: Vec<i32> = axis.split([' ', ',']).filter(|v| !v.is_empty()).filter_map(|v| v.parse().ok()).collect();
        let (axis_x, top, bottom) = (ys[0], ys[1], ys[3]);
        let bars: Vec<(i32, i32)> = svg
            .split("<rect")
            .filter(|r| r.contains("fill=\"#12436D\""))
            .map(|r| (number(r, "y"), number(r, "y") + number(r, "height")))
            .collect();
        assert_eq!(bars.len(), 3);
        assert!(bars[0].0 - top <= 4, "the first bar is at the top, with no empty slot above it: {bars:?}, axis from {top}");
        assert!(bottom - bars[2].1 <= 4, "the last bar is at the bottom: {bars:?}, axis to {bottom}");
        // No tick marks on the category axis (a short line ending at the axis, left of it).
        let stray = svg.split("points=\"").skip(1).filter_map(|p| p.split('"').next()).any(|p| {
            let v: Vec<i32> = p.split([' ', ',']).filter(|v| !v.is_empty()).filter_map(|v| v.parse().ok()).collect();
            v.len() == 4 && v[1] == v[3] && v[0] < v[2] && v[2] <= axis_x + 1 && v[0] < axis_x
        });
        assert!(!stray, "{svg}");
        let texts = svg_texts(&svg);
        assert!(texts.iter().any(|t| t == "C5") && texts.iter().filter(|t| t.starts_with('C')).count() == 3, "{texts:?}");
    }

    #[test]
    fn svg_gets_role_title_and_escaped_description() {
        let svg = render_svg("t", (100, 50), "A <b>title</b>", "Desc & \"more\"", |_| Ok(())).unwrap();
        assert!(svg.starts_with("<svg role=\"img\" aria-labelledby=\"t-title\""), "{svg}");
        assert!(svg.contains("<title id=\"t-title\">A &lt;b&gt;title&lt;/b&gt;</title>"));
        assert!(svg.contains("<desc id=\"t-desc\">Desc &amp; &quot;more&quot;</desc>"));
        assert!(!svg.contains("<b>"));
        let hostile = "<img src=x onerror=alert(1)>";
        let svg = render_svg("h", (100, 50), hostile, hostile, |_| Ok(())).unwrap();
        assert!(!svg.contains("<img"), "markup from data never becomes an element: {svg}");
        assert!(svg.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }
}

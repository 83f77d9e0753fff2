//! The graph of a range query, drawn with plotters onto a `<canvas>`.
//!
//! [`layout`] is pure: it turns the result's series into the polylines to
//! draw (stacked or not, with gaps where a series has no value) and the axis
//! ranges; the hover tooltip reads the same layout, so what is under the
//! pointer is exactly what was drawn. [`draw`] sizes the canvas in device
//! pixels (CSS size × `devicePixelRatio`) and scales fonts and strokes by the
//! same ratio, which keeps lines and text crisp on HiDPI screens.

use super::protocol::WireSeries;
use super::time::{format_tick, time_ticks};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::ops::Range;
use web_sys::HtmlCanvasElement;

/// Series colours, picked to stay apart from each other on white.
pub const PALETTE: &[(u8, u8, u8)] = &[
    (31, 119, 180),
    (230, 115, 0),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (96, 96, 96),
    (160, 160, 20),
    (23, 170, 190),
];

/// The colour of series number `i`, as CSS.
pub fn css_color(i: usize) -> String {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    format!("rgb({r}, {g}, {b})")
}

/// What is drawn for one series: its points as (time, drawn y, own value).
/// In stacked mode the drawn y is the running total; otherwise it is the value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeriesLayout {
    /// Index of the series in the result.
    pub index: usize,
    /// Points in time order; NaN and ±Inf values are left out.
    pub points: Vec<(f64, f64, f64)>,
    /// The stacked baseline under each point (0 when not stacked).
    pub base: Vec<f64>,
}

/// The drawn picture: visible series and the axis ranges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// One entry per visible series, in result order.
    pub series: Vec<SeriesLayout>,
    /// Time axis, ms.
    pub x: (f64, f64),
    /// Value axis.
    pub y: (f64, f64),
    /// Points further apart than this are not joined by a line.
    pub gap_ms: f64,
}

/// Where the plot area ended up on the canvas, in CSS pixels, for mapping
/// the pointer back to data.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PlotArea {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Right edge.
    pub right: f64,
    /// Bottom edge.
    pub bottom: f64,
}

impl PlotArea {
    /// The time at CSS x position `px`.
    pub fn time_at(&self, layout: &Layout, px: f64) -> f64 {
        let f = (px - self.left) / (self.right - self.left).max(1.0);
        layout.x.0 + f * (layout.x.1 - layout.x.0)
    }

    /// The CSS x position of time `t`.
    pub fn x_of(&self, layout: &Layout, t: f64) -> f64 {
        self.left + (t - layout.x.0) / (layout.x.1 - layout.x.0) * (self.right - self.left)
    }

    /// The CSS y position of value `v`.
    pub fn y_of(&self, layout: &Layout, v: f64) -> f64 {
        self.bottom - (v - layout.y.0) / (layout.y.1 - layout.y.0) * (self.bottom - self.top)
    }
}

/// Lays out the series that are not hidden over the query range.
pub fn layout(
    series: &[WireSeries],
    hidden: &dyn Fn(usize) -> bool,
    stacked: bool,
    range: (i64, i64),
    step_ms: i64,
) -> Layout {
    let mut out = Vec::new();
    // Running totals per step time for stacking; range-query points sit on
    // the step grid, so equal times line up exactly.
    let mut totals = std::collections::HashMap::<i64, f64>::new();
    for (index, s) in series.iter().enumerate() {
        if hidden(index) {
            continue;
        }
        let mut points = Vec::with_capacity(s.ts.len());
        let mut base = Vec::with_capacity(s.ts.len());
        for (&t, v) in s.ts.iter().zip(&s.vs) {
            let v = v.0;
            if !v.is_finite() {
                continue;
            }
            let below = if stacked { totals.get(&t).copied().unwrap_or(0.0) } else { 0.0 };
            let y = below + v;
            if stacked {
                totals.insert(t, y);
            }
            points.push((t as f64, if stacked { y } else { v }, v));
            base.push(below);
        }
        out.push(SeriesLayout { index, points, base });
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for s in &out {
        for (i, &(_, y, _)) in s.points.iter().enumerate() {
            lo = lo.min(y).min(if stacked { s.base[i] } else { y });
            hi = hi.max(y);
        }
    }
    let y = nice_y_range(lo, hi, stacked);
    let x = (range.0 as f64, (range.1.max(range.0 + 1)) as f64);
    Layout { series: out, x, y, gap_ms: step_ms as f64 * 1.5 }
}

/// The value range shown: the data's range with a little room, zero included
/// for stacked graphs, and a unit-wide range around a constant.
fn nice_y_range(lo: f64, hi: f64, stacked: bool) -> (f64, f64) {
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let (lo, hi) = if stacked { (lo.min(0.0), hi.max(0.0)) } else { (lo, hi) };
    if lo == hi {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return (lo - pad, hi + pad);
    }
    let pad = (hi - lo) * 0.05;
    let lo = if lo >= 0.0 && lo - pad < 0.0 { 0.0 } else { lo - pad };
    (lo, hi + pad)
}

/// Formats an axis value with an SI suffix: `1.5k`, `2M`, `250m`.
pub fn format_si(v: f64) -> String {
    let a = v.abs();
    let (scaled, suffix) = match a {
        _ if a == 0.0 => return "0".to_owned(),
        _ if a >= 1e12 => (v / 1e12, "T"),
        _ if a >= 1e9 => (v / 1e9, "G"),
        _ if a >= 1e6 => (v / 1e6, "M"),
        _ if a >= 1e3 => (v / 1e3, "k"),
        _ if a >= 1.0 => (v, ""),
        _ if a >= 1e-3 => (v * 1e3, "m"),
        _ if a >= 1e-6 => (v * 1e6, "µ"),
        _ => return format!("{v:.1e}"),
    };
    let text = format!("{scaled:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{suffix}")
}

/// A time axis whose tick marks sit on round times (1m, 5m, 1h, …).
pub(super) struct TimeAxis {
    /// The times shown, ms.
    pub range: Range<f64>,
}

impl Ranged for TimeAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let f = (value - self.range.start) / (self.range.end - self.range.start);
        limit.0 + (f * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        time_ticks(self.range.start, self.range.end, hint.max_num_points().max(2)).1
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

impl ValueFormatter<f64> for TimeAxis {
    fn format_ext(&self, value: &f64) -> String {
        let interval = time_ticks(self.range.start, self.range.end, 8).0;
        format_tick(*value as i64, interval)
    }
}

/// A canvas sized for drawing: its area filled with the theme's background.
pub struct Prepared {
    /// The whole canvas, in device pixels.
    pub root: DrawingArea<CanvasBackend, plotters::coord::Shift>,
    /// The theme's chart colours.
    pub pal: crate::theme::ChartPalette,
    /// The canvas' CSS box (at least 200 × 120).
    pub css_w: f64,
    /// See `css_w`.
    pub css_h: f64,
}

/// Sizes `canvas` to its CSS box at `dpr` device pixels per CSS pixel and
/// fills it with the theme's background (the chart's and the heatmap's start).
pub fn prepare(canvas: &HtmlCanvasElement, dpr: f64) -> Result<Prepared, String> {
    let css_w = f64::from(canvas.client_width()).max(200.0);
    let css_h = f64::from(canvas.client_height()).max(120.0);
    canvas.set_width((css_w * dpr).round() as u32);
    canvas.set_height((css_h * dpr).round() as u32);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("the browser gave no 2D canvas context")?;
    let root = backend.into_drawing_area();
    let pal = crate::theme::chart_palette();
    root.fill(&rgb(pal.background)).map_err(|e| e.to_string())?;
    Ok(Prepared { root, pal, css_w, css_h })
}

/// A palette colour as plotters takes it.
pub fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

/// Draws `layout` onto `canvas`, sized to its CSS box at `dpr` device pixels
/// per CSS pixel. Returns the plot area in CSS pixels.
pub fn draw(canvas: &HtmlCanvasElement, layout: &Layout, dpr: f64) -> Result<PlotArea, String> {
    let Prepared { root, pal, css_w, css_h } = prepare(canvas, dpr)?;
    let px = |n: f64| (n * dpr).round() as u32;
    // Label text, and the room kept for it, grow with Large text.
    let scale = crate::theme::text_scale();
    let font = ("sans-serif", 12.0 * scale * dpr).into_font().color(&rgb(pal.text));
    let x_axis = TimeAxis { range: layout.x.0..layout.x.1 };
    let mut chart = ChartBuilder::on(&root)
        .margin_top(px(10.0))
        .margin_right(px(18.0))
        .margin_left(px(6.0))
        .x_label_area_size(px(26.0 * scale))
        .y_label_area_size(px(58.0 * scale))
        .build_cartesian_2d(x_axis, layout.y.0..layout.y.1)
        .map_err(|e| e.to_string())?;
    let grid = rgb(pal.grid);
    chart
        .configure_mesh()
        .x_labels((css_w / (110.0 * scale)).max(2.0) as usize)
        .y_labels((css_h / (45.0 * scale)).max(2.0) as usize)
        .y_label_formatter(&|v| format_si(*v))
        .label_style(font)
        .bold_line_style(grid.stroke_width(px(1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(rgb(pal.axis).stroke_width(px(1.0)))
        .set_all_tick_mark_size(px(4.0))
        .draw()
        .map_err(|e| e.to_string())?;

    let stroke = px(1.6).max(1);
    for s in &layout.series {
        let (r, g, b) = PALETTE[s.index % PALETTE.len()];
        let color = RGBColor(r, g, b);
        for run in runs(&s.points, layout.gap_ms) {
            let pts = &s.points[run.clone()];
            if layout_is_stacked(s) {
                let mut polygon: Vec<(f64, f64)> = pts.iter().map(|p| (p.0, p.1)).collect();
                polygon.extend(run.clone().rev().map(|i| (s.points[i].0, s.base[i])));
                chart
                    .draw_series(std::iter::once(Polygon::new(polygon, color.mix(0.22).filled())))
                    .map_err(|e| e.to_string())?;
            }
            if pts.len() == 1 {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (pts[0].0, pts[0].1),
                        px(2.5),
                        color.filled(),
                    )))
                    .map_err(|e| e.to_string())?;
            } else {
                chart
                    .draw_series(LineSeries::new(
                        pts.iter().map(|p| (p.0, p.1)),
                        color.stroke_width(stroke),
                    ))
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    root.present().map_err(|e| e.to_string())?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    Ok(PlotArea {
        left: f64::from(xr.start) / dpr,
        right: f64::from(xr.end) / dpr,
        top: f64::from(yr.start) / dpr,
        bottom: f64::from(yr.end) / dpr,
    })
}

/// Whether a series was laid out on a stack (any non-zero baseline, or any
/// point whose drawn y differs from its value).
fn layout_is_stacked(s: &SeriesLayout) -> bool {
    s.base.iter().any(|&b| b != 0.0) || s.points.iter().any(|p| p.1 != p.2)
}

/// The index ranges of `points` that form unbroken lines: a new run starts
/// after a gap wider than `gap_ms`.
pub fn runs(points: &[(f64, f64, f64)], gap_ms: f64) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=points.len() {
        if i == points.len() || points[i].0 - points[i - 1].0 > gap_ms {
            if start < i {
                out.push(start..i);
            }
            start = i;
        }
    }
    out
}

/// The point nearest to the pointer at CSS position (`x`, `y`): the series
/// index and the point's index in its layout. Time distance counts first
/// (the nearest step), then the vertical distance among series at that step.
pub fn nearest(layout: &Layout, area: &PlotArea, x: f64, y: f64) -> Option<(usize, usize)> {
    let t = area.time_at(layout, x);
    let mut best: Option<(f64, usize, usize)> = None;
    for (si, s) in layout.series.iter().enumerate() {
        let i = s.points.partition_point(|p| p.0 < t);
        for j in [i.saturating_sub(1), i.min(s.points.len().saturating_sub(1))] {
            let Some(p) = s.points.get(j) else { continue };
            let dx = (area.x_of(layout, p.0) - x).abs();
            if dx > 40.0 {
                continue;
            }
            let dy = (area.y_of(layout, p.1) - y).abs();
            let score = dx * 4.0 + dy;
            if best.is_none_or(|b| score < b.0) {
                best = Some((score, si, j));
            }
        }
    }
    best.map(|(_, si, j)| (si, j))
}

#[cfg(test)]
mod tests {
    use super::super::protocol::F;
    use super::*;

    fn series(ts: &[i64], vs: &[f64]) -> WireSeries {
        WireSeries {
            labels: vec![],
            ts: ts.to_vec(),
            vs: vs.iter().map(|&v| F(v)).collect(),
            hs: vec![],
        }
    }

    #[test]
    fn stacks_skips_and_breaks() {
        let a = series(&[0, 10, 20, 40], &[1.0, 2.0, f64::NAN, 4.0]);
        let b = series(&[0, 10, 20], &[10.0, 10.0, 10.0]);
        let plain = layout(&[a.clone(), b.clone()], &|_| false, false, (0, 40), 10);
        assert_eq!(plain.series[0].points.len(), 3);
        assert_eq!(runs(&plain.series[0].points, plain.gap_ms), [0..2, 2..3]);
        assert_eq!(plain.y.1, 10.0 + 0.45);
        let stacked = layout(&[a.clone(), b.clone()], &|_| false, true, (0, 40), 10);
        assert_eq!(stacked.series[1].points[1], (10.0, 12.0, 10.0));
        assert_eq!(stacked.series[1].base[1], 2.0);
        assert_eq!(stacked.y.0, 0.0);
        let hidden = layout(&[a, b], &|i| i == 0, true, (0, 40), 10);
        assert_eq!(hidden.series.len(), 1);
        assert_eq!(hidden.series[0].points[0], (0.0, 10.0, 10.0));
        let area = PlotArea { left: 0.0, top: 0.0, right: 400.0, bottom: 100.0 };
        assert_eq!(nearest(&hidden, &area, 101.0, 50.0), Some((0, 1)));
    }

    #[test]
    fn si() {
        assert_eq!(format_si(1500.0), "1.5k");
        assert_eq!(format_si(0.25), "250m");
        assert_eq!(format_si(3.0), "3");
        assert_eq!(format_si(-2_000_000.0), "-2M");
        assert_eq!(format_si(0.0), "0");
    }
}

/// In headless Chromium: the chart really draws, at device-pixel size.
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::super::protocol::F;
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn ink(canvas: &HtmlCanvasElement) -> usize {
        let ctx: web_sys::CanvasRenderingContext2d =
            canvas.get_context("2d").unwrap().unwrap().unchecked_into();
        let data = ctx
            .get_image_data(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()))
            .unwrap()
            .data();
        data.chunks(4).filter(|p| p[0] < 245 || p[1] < 245 || p[2] < 245).count()
    }

    #[wasm_bindgen_test]
    fn draws_lines_crisply() {
        let document = web_sys::window().unwrap().document().unwrap();
        let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().unchecked_into();
        canvas.set_attribute("style", "width: 600px; height: 300px; display: block").unwrap();
        document.body().unwrap().append_child(&canvas).unwrap();
        let series: Vec<WireSeries> = (0..3)
            .map(|k| WireSeries {
                labels: vec![("k".into(), k.to_string())],
                ts: (0..=60).map(|i| i * 60_000).collect(),
                vs: (0..=60).map(|i| F(f64::from(i * (k + 1)))).collect(),
                hs: vec![],
            })
            .collect();
        let plain = layout(&series, &|_| false, false, (0, 3_600_000), 60_000);
        let area = draw(&canvas, &plain, 2.0).unwrap();
        assert_eq!(canvas.width(), 1200);
        assert!(area.left > 20.0 && area.right <= 600.0 && area.bottom <= 300.0, "{area:?}");
        let with_all = ink(&canvas);
        assert!(with_all > 5_000, "{with_all} pixels inked");
        let fewer = layout(&series, &|i| i > 0, false, (0, 3_600_000), 60_000);
        draw(&canvas, &fewer, 2.0).unwrap();
        assert!(ink(&canvas) < with_all);
        canvas.remove();
    }
}

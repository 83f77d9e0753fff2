//! Heatmaps of native-histogram series in a range query: one row per bucket
//! (the union of the buckets any step has, lowest bound at the bottom), one
//! column per step, the cell's shade its count relative to the largest
//! count. Hovering a cell names its time, bounds and count.
//!
//! [`layout`] is pure and tested natively; [`Heatmap`] draws it with
//! plotters on a canvas like the line graph.

use super::chart::{Prepared, TimeAxis, prepare, rgb};
use super::dom::device_pixel_ratio;
use super::protocol::WireSeries;
use super::time::format_time;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use promplay_model::format_float;
use promplay_pipeline::query::BucketView;
use web_sys::{HtmlCanvasElement, MouseEvent};

/// One series' heatmap.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeatLayout {
    /// Bucket rows, lowest first: their bounds as text and as (lower, upper).
    pub rows: Vec<(String, f64, f64)>,
    /// Cells: (time ms, row, count).
    pub cells: Vec<(i64, usize, f64)>,
    /// The largest count.
    pub max: f64,
    /// Time axis, ms.
    pub x: (f64, f64),
    /// Width of a column, ms.
    pub step: i64,
}

/// Lays out the histogram points of `s` over `[start, end]`; `None` when it has none.
pub fn layout(s: &WireSeries, start: i64, end: i64, step: i64) -> Option<HeatLayout> {
    if s.hs.is_empty() {
        return None;
    }
    let mut rows: Vec<(String, f64, f64)> = Vec::new();
    let key = |b: &BucketView| (b.bounds_text(), b.lower, b.upper);
    for (_, h) in &s.hs {
        for b in &h.buckets {
            let k = key(b);
            if !rows.iter().any(|r| r.0 == k.0) {
                rows.push(k);
            }
        }
    }
    rows.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.1.total_cmp(&b.1)));
    let mut cells = Vec::new();
    let mut max = 0.0f64;
    for (t, h) in &s.hs {
        for b in &h.buckets {
            let text = b.bounds_text();
            if let Some(row) = rows.iter().position(|r| r.0 == text) {
                if b.count.is_finite() {
                    max = max.max(b.count);
                }
                cells.push((*t, row, b.count));
            }
        }
    }
    let step = step.max(1);
    Some(HeatLayout { rows, cells, max, x: (start as f64, (end + step) as f64), step })
}

impl HeatLayout {
    /// The cell under time `t` and row `row`, if any.
    pub fn cell_at(&self, t: f64, row: usize) -> Option<(i64, usize, f64)> {
        self.cells
            .iter()
            .find(|c| c.1 == row && (c.0 as f64) <= t && t < (c.0 + self.step) as f64)
            .copied()
    }
}

/// Where the plot ended up, CSS pixels.
#[derive(Clone, Copy, Debug, Default)]
struct Area {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn draw(canvas: &HtmlCanvasElement, l: &HeatLayout, dpr: f64) -> Result<Area, String> {
    let Prepared { root, pal, css_w, css_h } = prepare(canvas, dpr)?;
    let px = |n: f64| (n * dpr).round() as u32;
    // Label text, and the room kept for it, grow with Large text.
    let scale = crate::theme::text_scale();
    let font = ("sans-serif", 11.0 * scale * dpr).into_font().color(&rgb(pal.text));
    let n = l.rows.len().max(1);
    // The axis labels the boundaries between rows: the lowest row's lower
    // bound at 0, then each row's upper bound on its top edge.
    let bounds: Vec<f64> =
        l.rows.first().map(|r| r.1).into_iter().chain(l.rows.iter().map(|r| r.2)).collect();
    let mut chart = ChartBuilder::on(&root)
        .margin_top(px(8.0))
        .margin_right(px(18.0))
        .margin_left(px(6.0))
        .x_label_area_size(px(26.0 * scale))
        .y_label_area_size(px(58.0 * scale))
        .build_cartesian_2d(TimeAxis { range: l.x.0..l.x.1 }, 0.0..n as f64)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_labels((css_w / (110.0 * scale)).max(2.0) as usize)
        .y_labels(n.min((css_h / (16.0 * scale)) as usize).max(1) + 1)
        .y_label_formatter(&|v| {
            let k = v.round();
            if (k - v).abs() < 0.01 && k >= 0.0 {
                bounds
                    .get(k as usize)
                    .map(
                        |b| {
                            if b.is_finite() {
                                super::chart::format_si(*b)
                            } else {
                                format_float(*b)
                            }
                        },
                    )
                    .unwrap_or_default()
            } else {
                String::new()
            }
        })
        .label_style(font)
        .disable_mesh()
        .axis_style(rgb(pal.axis).stroke_width(px(1.0)))
        .draw()
        .map_err(|e| e.to_string())?;
    let max = if l.max > 0.0 { l.max } else { 1.0 };
    chart
        .draw_series(l.cells.iter().map(|&(t, row, c)| {
            // Square-root shading keeps small buckets visible next to large ones.
            let share = if c.is_finite() { (c / max).clamp(0.0, 1.0).sqrt() } else { 0.0 };
            let mix = |lo: u8, hi: u8| {
                (f64::from(lo) + (f64::from(hi) - f64::from(lo)) * share).round() as u8
            };
            let (lo, hi) = (pal.heat_low, pal.heat_high);
            let color = RGBColor(mix(lo.0, hi.0), mix(lo.1, hi.1), mix(lo.2, hi.2));
            // A thin gap between rows keeps equal neighbours apart.
            Rectangle::new(
                [(t as f64, row as f64 + 0.03), ((t + l.step) as f64, row as f64 + 0.97)],
                color.filled(),
            )
        }))
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    Ok(Area {
        left: f64::from(xr.start) / dpr,
        right: f64::from(xr.end) / dpr,
        top: f64::from(yr.start) / dpr,
        bottom: f64::from(yr.end) / dpr,
    })
}

/// A heatmap of one histogram series, with a hover readout.
#[component]
pub fn Heatmap(name: String, layout: HeatLayout) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let area = StoredValue::new(None::<Area>);
    let tip = RwSignal::new(None::<String>);
    let draw_error = RwSignal::new(None::<String>);
    let drawn = layout.clone();
    Effect::new(move |_| {
        crate::theme::revision().track();
        let Some(el) = canvas.get() else { return };
        match draw(&el, &drawn, device_pixel_ratio()) {
            Ok(a) => area.set_value(Some(a)),
            Err(e) => draw_error.set(Some(e)),
        }
    });
    let rows = layout.rows.len();
    let on_move = move |ev: MouseEvent| {
        let Some(el) = canvas.get_untracked() else { return };
        let r = el.get_bounding_client_rect();
        let (x, y) = (f64::from(ev.client_x()) - r.left(), f64::from(ev.client_y()) - r.top());
        let found = area.with_value(|a| {
            let a = (*a)?;
            if x < a.left || x > a.right || y < a.top || y > a.bottom || rows == 0 {
                return None;
            }
            let t = layout.x.0 + (x - a.left) / (a.right - a.left) * (layout.x.1 - layout.x.0);
            let row = ((a.bottom - y) / (a.bottom - a.top) * rows as f64).floor() as usize;
            let (ct, row, c) = layout.cell_at(t, row.min(rows - 1))?;
            Some(format!("{} · {} · {}", format_time(ct), layout.rows[row].0, format_float(c)))
        });
        tip.set(found);
    };
    view! {
        <figure class="heatmap" data-testid="heatmap" data-rows=rows.to_string()>
            <figcaption class="mono">{name}</figcaption>
            <canvas
                class="heatmap-canvas"
                data-testid="heatmap-canvas"
                node_ref=canvas
                on:mousemove=on_move
                on:mouseleave=move |_| tip.set(None)
            ></canvas>
            <p class="q-hint heatmap-tip" data-testid="heatmap-tip">
                {move || tip.get().unwrap_or_else(|| "Hover a cell for its time, bucket and count. For a counter histogram, graph rate(…) to see each step's observations.".to_owned())}
            </p>
            {move || draw_error.get().map(|e| view! { <p class="q-error">"The heatmap could not be drawn: " {e}</p> })}
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use promplay_pipeline::query::HistogramView;

    fn h(buckets: &[(f64, f64, f64)]) -> HistogramView {
        HistogramView {
            schema: 0,
            count: buckets.iter().map(|b| b.2).sum(),
            sum: 0.0,
            zero_threshold: 0.0,
            zero_count: 0.0,
            counter_reset_hint: "unknown".into(),
            buckets: buckets
                .iter()
                .map(|&(lower, upper, count)| BucketView {
                    lower,
                    upper,
                    count,
                    lower_inclusive: false,
                    upper_inclusive: true,
                })
                .collect(),
        }
    }

    #[test]
    fn rows_are_the_union_of_buckets_lowest_first() {
        let s = WireSeries {
            hs: vec![(0, h(&[(2.0, 4.0, 1.0)])), (60_000, h(&[(1.0, 2.0, 3.0), (2.0, 4.0, 5.0)]))],
            ..WireSeries::default()
        };
        let l = layout(&s, 0, 60_000, 60_000).unwrap();
        let rows: Vec<&str> = l.rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(rows, ["(1,2]", "(2,4]"]);
        assert_eq!(l.cells, [(0, 1, 1.0), (60_000, 0, 3.0), (60_000, 1, 5.0)]);
        assert_eq!(l.max, 5.0);
        assert_eq!(l.cell_at(61_000.0, 0), Some((60_000, 0, 3.0)));
        assert_eq!(l.cell_at(1_000.0, 0), None);
        assert!(layout(&WireSeries::default(), 0, 1, 1).is_none());
    }
}

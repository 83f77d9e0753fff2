//! The Graph view: the canvas, its hover tooltip and drag-to-zoom, and the
//! legend whose entries hide and show series.

use super::chart::{self, Layout, PlotArea, css_color};
use super::dom::device_pixel_ratio;
use super::protocol::WireSeries;
use super::time::format_time;
use leptos::html::Canvas;
use leptos::prelude::*;
use promplay_model::format_float;
use std::collections::HashSet;
use std::sync::Arc;
use web_sys::MouseEvent;

/// A range query's result, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphData {
    /// The series.
    pub series: Arc<Vec<WireSeries>>,
    /// Each series' labels in PromQL form, for the legend and the tooltip.
    pub names: Arc<Vec<String>>,
    /// Query start (ms).
    pub start: i64,
    /// Query end (ms).
    pub end: i64,
    /// Step (ms).
    pub step: i64,
}

/// What the tooltip shows.
#[derive(Clone, Debug, PartialEq)]
struct Tip {
    left: f64,
    top: f64,
    dot_x: f64,
    dot_y: f64,
    /// Whether the tooltip opens to the left of the point (right half of the plot).
    flip: bool,
    index: usize,
    name: String,
    value: String,
    time: String,
}

/// Pixels the pointer must move with the button down before it is a zoom.
const MIN_DRAG_PX: f64 = 6.0;

/// The graph with its legend. `hidden` holds the legend names of hidden
/// series (names, not positions, so a re-run keeps them hidden);
/// `on_zoom(start, end)` is called after a drag across the plot.
#[component]
pub fn Graph(
    data: GraphData,
    hidden: RwSignal<HashSet<String>>,
    stacked: Signal<bool>,
    on_zoom: Callback<(i64, i64)>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let drawn = StoredValue::new(None::<(Layout, PlotArea)>);
    let resize = RwSignal::new(0u32);
    let tip = RwSignal::new(None::<Tip>);
    let drag = RwSignal::new(None::<(f64, f64)>);
    let draw_error = RwSignal::new(None::<String>);
    let listener = window_event_listener(leptos::ev::resize, move |_| resize.update(|n| *n += 1));
    on_cleanup(move || listener.remove());

    let series = data.series.clone();
    let names = data.names.clone();
    Effect::new(move |_| {
        resize.track();
        crate::theme::revision().track();
        let Some(el) = canvas.get() else { return };
        let stacked = stacked.get();
        let layout = hidden.with(|h| {
            chart::layout(
                &series,
                &|i| h.contains(&names[i]),
                stacked,
                (data.start, data.end),
                data.step,
            )
        });
        match chart::draw(&el, &layout, device_pixel_ratio()) {
            Ok(area) => {
                drawn.set_value(Some((layout, area)));
                draw_error.set(None);
            }
            Err(e) => draw_error.set(Some(e)),
        }
        tip.set(None);
    });

    let position = move |ev: &MouseEvent| -> Option<(f64, f64)> {
        let el = canvas.get_untracked()?;
        let r = el.get_bounding_client_rect();
        Some((f64::from(ev.client_x()) - r.left(), f64::from(ev.client_y()) - r.top()))
    };
    let names_for_tip = data.names.clone();
    let on_move = move |ev: MouseEvent| {
        let Some((x, y)) = position(&ev) else { return };
        if let Some((x0, _)) = drag.get_untracked() {
            drag.set(Some((x0, x)));
            tip.set(None);
            return;
        }
        let found = drawn.with_value(|d| {
            let (layout, area) = d.as_ref()?;
            if x < area.left || x > area.right || y < area.top || y > area.bottom {
                return None;
            }
            let (si, pi) = chart::nearest(layout, area, x, y)?;
            let s = &layout.series[si];
            let (t, drawn_y, v) = s.points[pi];
            Some(Tip {
                left: area.x_of(layout, t) + 14.0,
                flip: area.x_of(layout, t) > (area.left + area.right) / 2.0,
                top: (area.y_of(layout, drawn_y) + 12.0).max(0.0),
                dot_x: area.x_of(layout, t),
                dot_y: area.y_of(layout, drawn_y),
                index: s.index,
                name: names_for_tip[s.index].clone(),
                value: format_float(v),
                time: format_time(t as i64),
            })
        });
        tip.set(found);
    };
    let on_down = move |ev: MouseEvent| {
        if ev.button() != 0 {
            return;
        }
        if let Some((x, _)) = position(&ev) {
            ev.prevent_default();
            drag.set(Some((x, x)));
        }
    };
    let on_up = move |_ev: MouseEvent| {
        let Some((a, b)) = drag.get_untracked() else { return };
        drag.set(None);
        if (a - b).abs() < MIN_DRAG_PX {
            return;
        }
        let range = drawn.with_value(|d| {
            let (layout, area) = d.as_ref()?;
            let t0 = area.time_at(layout, a.min(b).max(area.left));
            let t1 = area.time_at(layout, a.max(b).min(area.right));
            (t1 - t0 >= 1.0).then_some((t0.round() as i64, t1.round() as i64))
        });
        if let Some(r) = range {
            on_zoom.run(r);
        }
    };
    let selection = move || {
        drag.get().filter(|(a, b)| (a - b).abs() >= MIN_DRAG_PX).map(|(a, b)| {
            let (top, bottom) =
                drawn.with_value(|d| d.as_ref().map_or((0.0, 0.0), |d| (d.1.top, d.1.bottom)));
            view! {
                <div
                    class="graph-selection"
                    style:left=format!("{}px", a.min(b))
                    style:width=format!("{}px", (a - b).abs())
                    style:top=format!("{top}px")
                    style:height=format!("{}px", bottom - top)
                ></div>
            }
        })
    };
    let tooltip = move || {
        tip.get().map(|t| {
            view! {
                <div
                    class="graph-dot"
                    style:left=format!("{}px", t.dot_x)
                    style:top=format!("{}px", t.dot_y)
                    style:background=css_color(t.index)
                ></div>
                <div
                    class="graph-tooltip"
                    data-testid="graph-tooltip"
                    role="status"
                    style:left=format!("{}px", t.left)
                    style:top=format!("{}px", t.top)
                    style:transform=if t.flip { "translateX(calc(-100% - 28px))" } else { "none" }
                >
                    <div class="tip-time">{t.time}</div>
                    <div class="tip-series">
                        <span class="swatch" style:background=css_color(t.index)></span>
                        <span class="tip-name">{t.name}</span>
                    </div>
                    <div class="tip-value">{t.value}</div>
                </div>
            }
        })
    };

    let legend_names = data.names;
    let all_names = legend_names.clone();
    let any_hidden = {
        let names = legend_names.clone();
        Memo::new(move |_| hidden.with(|h| names.iter().any(|n| h.contains(n))))
    };
    let legend = legend_names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let key = name.clone();
            let key2 = name.clone();
            let all_names = all_names.clone();
            let is_hidden = Memo::new(move |_| hidden.with(|h| h.contains(&key)));
            view! {
                <li>
                    <button
                        type="button"
                        class="legend-item"
                        data-testid="legend-item"
                        data-hidden=move || is_hidden.get().to_string()
                        class:hidden=move || is_hidden.get()
                        aria-pressed=move || (!is_hidden.get()).to_string()
                        title="Click to hide or show this series; Ctrl+click to show only this one"
                        on:click=move |ev: MouseEvent| {
                            if ev.ctrl_key() || ev.meta_key() {
                                // Show only this series (or all again when it already is the only one).
                                let others: HashSet<String> =
                                    all_names.iter().filter(|n| **n != key2).cloned().collect();
                                hidden.update(|h| *h = if *h == others { HashSet::new() } else { others });
                                return;
                            }
                            hidden.update(|h| {
                                if !h.remove(&key2) {
                                    h.insert(key2.clone());
                                }
                            });
                        }
                    >
                        <span class="swatch" style:background=css_color(i)></span>
                        <span class="legend-name">{name.clone()}</span>
                    </button>
                </li>
            }
        })
        .collect_view();

    view! {
        <div class="graph">
            <div
                class="graph-plot"
                on:mousemove=on_move
                on:mousedown=on_down
                on:mouseup=on_up
                on:mouseleave=move |_| {
                    tip.set(None);
                    drag.set(None);
                }
            >
                <canvas class="graph-canvas" data-testid="graph-canvas" node_ref=canvas></canvas>
                {selection}
                {tooltip}
            </div>
            {move || draw_error.get().map(|e| view! { <p class="q-error">"The graph could not be drawn: " {e}</p> })}
            {move || any_hidden.get().then(|| view! {
                <button type="button" class="link-button legend-show-all" data-testid="legend-show-all" on:click=move |_| hidden.set(HashSet::new())>
                    "Show all series"
                </button>
            })}
            <ul class="legend" data-testid="legend" aria-label="Series (click to hide or show)">
                {legend}
            </ul>
        </div>
    }
}

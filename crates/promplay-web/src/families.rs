//! The families table: one row per metric family, expanding to its series.
//!
//! Only a page of families and, per expanded family, a page of series are
//! rendered; "show more" rows extend the pages. The series rows themselves
//! are built by [`crate::analysis`] for expanded families only, so the table
//! stays quick on a scrape with a hundred thousand samples.

use crate::analysis::{Analysis, FamilyRow, SERIES_PAGE, SeriesRow, format_utc_short};
use crate::editor::EditorHandle;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// How many family rows are rendered before "show more".
const FAMILY_PAGE: usize = 200;

/// The families table. `expanded` maps an expanded family's name to how
/// many of its series to show.
#[component]
pub fn Families(
    analysis: Memo<Arc<Analysis>>,
    expanded: RwSignal<HashMap<String, usize>>,
    editor: EditorHandle,
) -> impl IntoView {
    let limit = RwSignal::new(FAMILY_PAGE);
    // A name filter: a node exporter alone exposes hundreds of families.
    let filter = RwSignal::new(String::new());
    let matches = move |f: &FamilyRow, needle: &str| {
        needle.is_empty() || f.name.to_ascii_lowercase().contains(needle)
    };
    let total = move || analysis.with(|a| a.families.len());
    let matching = move || {
        let needle = filter.get().trim().to_ascii_lowercase();
        analysis.with(|a| a.families.iter().filter(|f| matches(f, &needle)).count())
    };
    let rows = move || {
        let limit = limit.get();
        let needle = filter.get().trim().to_ascii_lowercase();
        analysis.with(|a| {
            a.families
                .iter()
                .filter(|f| matches(f, &needle))
                .take(limit)
                .map(|f| family_rows(f, expanded, editor))
                .collect_view()
        })
    };
    let count = move || {
        let (shown, total) = (matching(), total());
        if shown == total { total.to_string() } else { format!("{shown} of {total}") }
    };

    view! {
        <section class="panel families-panel" aria-labelledby="families-heading">
            <h2 id="families-heading" class="panel-title">
                "Families"
                <span class="count">{count}</span>
                <input
                    type="search"
                    class="family-filter"
                    data-testid="family-filter"
                    placeholder="Filter by name"
                    aria-label="Filter families by name"
                    prop:value=move || filter.get()
                    on:input=move |ev| {
                        filter.set(event_target_value(&ev));
                        limit.set(FAMILY_PAGE);
                    }
                />
                <span class="panel-hint">"Click a family for its series, a series to find it in the text."</span>
            </h2>
            <div class="table-scroll">
                <table class="families" data-testid="families-table">
                    <colgroup>
                        <col class="col-name" />
                        <col class="col-type" />
                        <col class="col-help" />
                        <col class="col-unit" />
                        <col class="col-series" />
                    </colgroup>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Help"</th>
                            <th scope="col">"Unit"</th>
                            <th scope="col" class="num">"Series"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows}
                        <Show when=move || total() == 0>
                            <tr class="empty-row">
                                <td colspan="5">"No metric families yet. Paste exposition text, open a file or pick an example."</td>
                            </tr>
                        </Show>
                        <Show when=move || total() != 0 && matching() == 0>
                            <tr class="empty-row">
                                <td colspan="5">"No family name contains “" {move || filter.get()} "”."</td>
                            </tr>
                        </Show>
                        <Show when=move || { matching() > limit.get() }>
                            <tr class="more-row">
                                <td colspan="5">
                                    <button class="show-more" on:click=move |_| limit.update(|l| *l += FAMILY_PAGE)>
                                        {move || format!("Show {} more families ({} of {} shown)", FAMILY_PAGE.min(matching() - limit.get()), limit.get(), matching())}
                                    </button>
                                </td>
                            </tr>
                        </Show>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The family's own row, followed by its series rows when it is expanded.
fn family_rows(
    family: &FamilyRow,
    expanded: RwSignal<HashMap<String, usize>>,
    editor: EditorHandle,
) -> impl IntoView + use<> {
    let name = family.name.clone();
    let is_open = expanded.with_untracked(|m| m.contains_key(&name));
    let toggle = {
        let name = name.clone();
        move |_| {
            expanded.update(|m| {
                if m.remove(&name).is_none() {
                    m.insert(name.clone(), SERIES_PAGE);
                }
            });
        }
    };
    let show_more = {
        let name = name.clone();
        move |_| {
            expanded.update(|m| {
                if let Some(limit) = m.get_mut(&name) {
                    *limit += SERIES_PAGE;
                }
            });
        }
    };
    let display = name.clone();
    let disclosure_label = format!("Show the series of {name}");
    let series_count = family.series_count;
    let count = family.sample_count;
    let shown = family.series.len();
    // The timestamp column only appears when some shown line has a time.
    let with_time =
        family.series.iter().any(|s| s.timestamp_ms.is_some() || s.created_ms.is_some());
    let grid = if with_time { "series-grid with-time" } else { "series-grid" };
    let series: Vec<_> = family.series.iter().map(|s| series_row(s, grid, editor)).collect();

    view! {
        <tr
            class="family-row"
            class:open=is_open
            data-testid="family-row"
            data-family=name
            title="Show or hide the series of this family"
            on:click=toggle
        >
            <th scope="row" class="family-name">
                <button class="disclosure" aria-expanded=is_open.to_string() aria-label=disclosure_label>
                    <span aria-hidden="true">{if is_open { "▾" } else { "▸" }}</span>
                </button>
                <code>{breakable_name(&display)}</code>
            </th>
            <td><span class=format!("type-badge type-{}", family.kind)>{family.kind}</span></td>
            <td class="help" title=family.help.clone()>{family.help.clone()}</td>
            <td class="unit">{family.unit.clone()}</td>
            <td class="num">{series_count}</td>
        </tr>
        {is_open.then(|| view! {
            <tr class="series-head">
                <td colspan="5">
                    <div class=grid>
                        <span>"Series"</span>
                        <span class="num">"Value"</span>
                        {with_time.then_some(view! { <span>"Timestamp (UTC)"</span> })}
                    </div>
                </td>
            </tr>
            {series}
            {(count > shown).then(|| view! {
                <tr class="more-row">
                    <td colspan="5">
                        <button class="show-more" on:click=show_more>
                            {format!("Show {} more lines ({shown} of {count} shown)", SERIES_PAGE.min(count - shown))}
                        </button>
                    </td>
                </tr>
            })}
        })}
    }
}

fn series_row(s: &SeriesRow, grid: &'static str, editor: EditorHandle) -> impl IntoView + use<> {
    let (start, end) = (s.start, s.end);
    let labels = s
        .labels
        .iter()
        .enumerate()
        .map(|(i, (n, v))| {
            view! {
                {(i > 0).then_some(",")}
                <span class="label-pair">
                    <span class="label-name">{n.clone()}</span>
                    "=\""
                    <span class="label-value">{v.clone()}</span>
                    "\""
                </span>
            }
        })
        .collect_view();
    let with_time = grid.contains("with-time");
    let time = with_time.then(|| {
        let timestamp = s.timestamp_ms.map(|ms| {
            view! { <time title=format!("{ms} ms since the epoch")>{format_utc_short(ms)}</time> }
        });
        let created = s.created_ms.map(|ms| {
            view! {
                <span class="created" title=format!("start time from the _created line: {ms} ms")>
                    "created " {format_utc_short(ms)}
                </span>
            }
        });
        view! { <span class="timestamp">{timestamp} {created}</span> }
    });
    let exemplar = s.exemplar.clone().map(|e| {
        view! {
            <span class="exemplar-line">
                <span class="tag">"exemplar"</span>
                <code class="exemplar">{e}</code>
            </span>
        }
    });
    view! {
        <tr
            class="series-row"
            data-testid="series-row"
            title="Select this line in the editor"
            on:click=move |_| editor.reveal(start, end)
        >
            <td colspan="5">
                <div class=grid>
                    <code class="series-name">
                        {s.name.clone()}
                        {(!s.labels.is_empty()).then(|| view! { <span class="labels">"{" {labels} "}"</span> })}
                    </code>
                    <code class="num value">{s.value.clone()}</code>
                    {time}
                    {exemplar}
                </div>
            </td>
        </tr>
    }
}

/// A metric name with line-break opportunities after each `_`, so a narrow
/// column wraps `go_gc_duration_seconds` between words, never mid-word.
/// `<wbr>` adds no character, so copying the name copies it unchanged.
fn breakable_name(name: &str) -> impl IntoView + use<> {
    name.split_inclusive('_')
        .map(|part| {
            let part = part.to_owned();
            view! { {part}<wbr /> }
        })
        .collect_view()
}

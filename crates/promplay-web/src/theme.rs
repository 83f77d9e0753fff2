//! Appearance: the colour theme (System / Light / Dark) and "Large text".
//!
//! The choice lives in `localStorage` (`promplay.v1.ui.theme`,
//! `promplay.v1.ui.scale`) and is applied as `data-theme` / `data-scale`
//! attributes on `<html>`; `web/style.css` does the rest. With no explicit
//! theme the stylesheet follows `prefers-color-scheme`. Canvas charts cannot
//! use CSS, so they ask [`chart_palette`] (and [`text_scale`] for their
//! labels) and redraw when [`revision`] changes: after a choice in the menu,
//! and when the OS switches between light and dark (a `matchMedia` listener
//! [`install`] sets up once).
//!
//! `web/theme-boot.js` sets the same two attributes from the same keys
//! before the first paint, so a stored Dark never flashes light while the
//! wasm loads. An embed (`?embed=…`) ignores the visitor's stored choice and
//! follows the OS: it runs on someone else's page (see `embed.rs`).

use leptos::prelude::*;

use crate::browser;

const THEME_KEY: &str = "promplay.v1.ui.theme";
const SCALE_KEY: &str = "promplay.v1.ui.scale";

/// The user's colour theme choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the operating system (`prefers-color-scheme`).
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The stored / attribute spelling (`None` for System).
    fn attr(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

thread_local! {
    static REVISION: RwSignal<u32> = RwSignal::new(0);
}

/// A counter bumped whenever the appearance changes; canvas drawings track
/// it so they redraw in the new palette.
pub fn revision() -> RwSignal<u32> {
    REVISION.with(|r| *r)
}

/// How much "Large text" enlarges everything: the root font size becomes
/// 130 % (`web/style.css`, where every font size is in rem). 11 px labels
/// become 14.3 px, the smallest size still easy to read from the back of a
/// room.
pub const LARGE_SCALE: f64 = 1.3;

/// The stored theme choice.
pub fn theme() -> Theme {
    browser::storage_get(THEME_KEY).map(|s| Theme::parse(&s)).unwrap_or(Theme::System)
}

/// Whether "Large text" is on.
pub fn large() -> bool {
    browser::storage_get(SCALE_KEY).as_deref() == Some("large")
}

/// Stores and applies a theme choice.
pub fn set_theme(t: Theme) {
    match t.attr() {
        Some(a) => {
            browser::storage_set(THEME_KEY, a);
        }
        None => browser::storage_remove(THEME_KEY),
    }
    apply();
}

/// Stores and applies the "Large text" choice.
pub fn set_large(on: bool) {
    if on {
        browser::storage_set(SCALE_KEY, "large");
    } else {
        browser::storage_remove(SCALE_KEY);
    }
    apply();
}

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// Applies the stored appearance ([`apply`]) and, the first time, starts
/// listening for the OS colour scheme changing, so that charts drawn under
/// System redraw in the new palette. Called at start, once storage is the
/// one the page will use (an embed's is memory: see `embed::install`).
pub fn install() {
    thread_local! {
        static LISTENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    apply();
    if LISTENING.with(|l| l.replace(true)) {
        return;
    }
    let query = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
    if let Some(query) = query {
        use wasm_bindgen::JsCast as _;
        use wasm_bindgen::closure::Closure;
        let on_change = Closure::<dyn Fn()>::new(move || {
            revision().update(|n| *n = n.wrapping_add(1));
        });
        // The listener lives as long as the page: leaked on purpose.
        let _ =
            query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
    }
}

/// Sets `<html data-theme data-scale>` from storage and bumps [`revision`].
/// Called at start (by [`install`], before the first paint of the app) and
/// after every change.
pub fn apply() {
    if let Some(html) = root() {
        match theme().attr() {
            Some(a) => {
                let _ = html.set_attribute("data-theme", a);
            }
            None => {
                let _ = html.remove_attribute("data-theme");
            }
        }
        if large() {
            let _ = html.set_attribute("data-scale", "large");
        } else {
            let _ = html.remove_attribute("data-scale");
        }
    }
    revision().update(|n| *n = n.wrapping_add(1));
}

/// Whether `<html data-scale="large">` is set (what the stylesheet uses).
pub fn large_applied() -> bool {
    root().is_some_and(|h| h.get_attribute("data-scale").as_deref() == Some("large"))
}

/// The factor canvas text and the label space around it are multiplied by:
/// [`LARGE_SCALE`] under Large text, else 1.
pub fn text_scale() -> f64 {
    if large_applied() { LARGE_SCALE } else { 1.0 }
}

/// Whether the page is drawn dark right now (explicit choice, else the OS).
pub fn is_dark() -> bool {
    match theme() {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches()),
    }
}

/// Colours for canvas charts, matching the CSS palette.
#[derive(Clone, Copy, Debug)]
pub struct ChartPalette {
    /// Plot background.
    pub background: (u8, u8, u8),
    /// Tick label text.
    pub text: (u8, u8, u8),
    /// Grid lines.
    pub grid: (u8, u8, u8),
    /// Axis lines.
    pub axis: (u8, u8, u8),
    /// Heatmap cell colour for an empty bucket (full ones are the accent).
    pub heat_low: (u8, u8, u8),
    /// Heatmap cell colour for the fullest bucket.
    pub heat_high: (u8, u8, u8),
}

/// The palette for the current appearance.
pub fn chart_palette() -> ChartPalette {
    if is_dark() {
        ChartPalette {
            background: (0x1b, 0x22, 0x2c),
            text: (0xb4, 0xbe, 0xcb),
            grid: (0x2f, 0x39, 0x46),
            axis: (0x4a, 0x56, 0x66),
            heat_low: (0x22, 0x2b, 0x37),
            heat_high: (0x7c, 0xb4, 0xff),
        }
    } else {
        ChartPalette {
            background: (255, 255, 255),
            text: (85, 96, 112),
            grid: (230, 234, 239),
            axis: (185, 194, 205),
            heat_low: (240, 246, 252),
            heat_high: (8, 48, 107),
        }
    }
}

/// The "Appearance" section of the workspace menu.
#[component]
pub fn AppearanceControls() -> impl IntoView {
    let current = RwSignal::new(theme());
    let big = RwSignal::new(large());
    let choice = move |t: Theme, label: &'static str, id: &'static str| {
        view! {
            <label class="appearance-choice">
                <input
                    type="radio"
                    name="promplay-theme"
                    data-testid=id
                    prop:checked=move || current.get() == t
                    on:change=move |_| {
                        current.set(t);
                        set_theme(t);
                    }
                />
                {label}
            </label>
        }
    };
    view! {
        <h2 class="menu-heading">"Appearance"</h2>
        <div class="menu-row appearance" role="radiogroup" aria-label="Colour theme">
            {choice(Theme::System, "System", "theme-system")}
            {choice(Theme::Light, "Light", "theme-light")}
            {choice(Theme::Dark, "Dark", "theme-dark")}
        </div>
        <label class="appearance-choice">
            <input
                type="checkbox"
                data-testid="large-text"
                prop:checked=move || big.get()
                on:change=move |_| {
                    let on = !big.get_untracked();
                    big.set(on);
                    set_large(on);
                }
            />
            "Large text (for projectors)"
        </label>
    }
}

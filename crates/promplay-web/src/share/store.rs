//! The workspace in `localStorage`: read it whole, replace it whole, and
//! keep the replaced one restorable.
//!
//! Replacing happens only while no workbench is mounted (before the app
//! mounts, or after a reload): the workbenches read storage when they mount
//! and write it on every change and on `pagehide`, so writing under a live
//! workbench would be undone by its next save. An operation started on the
//! page (import, reset, restore) is therefore stored as *pending*, the page
//! reloads, and [`take_pending`] runs it before anything mounts.
//!
//! Every replacement first puts the current workspace aside (the newest
//! three are kept, under keys outside `promplay.v1.` so a share or export
//! never includes them), and it is only ever written to this browser's own
//! storage. The banners' put-aside inputs (`document::PUT_ASIDE_KEYS`) are
//! cleared by a replacement and travel only with that aside: a link, a file
//! or a reset never writes them, restoring the aside brings them back.

use super::document::{self, STORAGE_PREFIX, Snapshot, digest};
use serde::{Deserialize, Serialize};
use web_sys::Storage;

/// The operation to run after the reload.
const KEY_PENDING: &str = "promplay.share.pending";
/// Workspaces put aside, newest first.
const KEY_ASIDE: &str = "promplay.share.aside";
/// How many replaced workspaces are kept.
const MAX_ASIDE: usize = 3;

/// A workspace that was replaced, and why.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Aside {
    /// What replaced it, for the menu ("before opening a shared link").
    pub reason: String,
    /// When, in milliseconds since the epoch.
    pub at_ms: f64,
    /// The workspace document (compact JSON).
    pub document: String,
}

/// A replacement to run after the reload.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pending {
    /// Why the workspace is replaced (becomes the aside's reason).
    pub reason: String,
    /// The message to show afterwards (completed by [`Notice::put_aside`]).
    pub notice: Notice,
    /// The workspace document to put in place.
    pub document: String,
    /// The aside entry this replacement restores (it leaves the list).
    pub restores: Option<usize>,
}

/// A message shown once in the banner under the header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Whether it offers to restore the workspace put aside.
    pub undo: bool,
    /// Whether it reports a failure.
    pub error: bool,
}

impl Notice {
    /// A notice of a replacement that went well.
    pub fn done(text: impl Into<String>) -> Notice {
        Notice { text: text.into(), undo: false, error: false }
    }

    /// Adds that the replaced workspace can be restored, when one can.
    pub fn put_aside(mut self, aside: bool) -> Notice {
        if aside {
            self.text.push_str(" The workspace it replaced was put aside: restore it here or from the Share / workspace menu.");
            self.undo = true;
        }
        self
    }
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Every key and value in `localStorage`.
fn all_pairs(s: &Storage) -> Vec<(String, String)> {
    let n = s.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| {
            let key = s.key(i).ok().flatten()?;
            let value = s.get_item(&key).ok().flatten()?;
            Some((key, value))
        })
        .collect()
}

/// The saved workspace as it is shared (a link, an export, Markdown),
/// `workbench` being the open one: without the banners' put-aside inputs.
pub fn current(workbench: &str) -> Snapshot {
    whole(workbench).shareable()
}

/// Everything of the saved workspace, the banners' put-aside inputs
/// included: what a replacement puts aside in this browser.
fn whole(workbench: &str) -> Snapshot {
    Snapshot::from_storage(workbench, storage().map(|s| all_pairs(&s)).unwrap_or_default())
}

/// Writes every pending change of the live workbenches to storage now.
///
/// The workbenches save a few hundred milliseconds after a change, and at
/// once on `pagehide`; dispatching that event flushes them all without this
/// module knowing any of them.
pub fn flush() {
    if let Some(window) = web_sys::window()
        && let Ok(event) = web_sys::Event::new("pagehide")
    {
        let _ = window.dispatch_event(&event);
    }
}

/// The workspaces put aside, newest first.
pub fn asides() -> Vec<Aside> {
    storage()
        .and_then(|s| s.get_item(KEY_ASIDE).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Replaces the workspace with `new`, putting the current one aside first
/// (unless it is empty or already the newest aside). Returns whether a
/// workspace is now restorable. On failure nothing is changed and the error
/// says why.
///
/// The banners' put-aside inputs go with the workspace they were about:
/// they are cleared, kept in the aside, and written back only when an aside
/// is restored (`restores`), never from a link or a file.
pub fn replace(new: &Snapshot, reason: &str, restores: Option<usize>) -> Result<bool, String> {
    let s = storage().ok_or("this browser does not let the page store anything")?;
    let old = whole(&new.workbench);
    let shared;
    let new = if restores.is_some() {
        new
    } else {
        shared = new.clone().shareable();
        &shared
    };
    let mut list = asides();
    if let Some(i) = restores.filter(|&i| i < list.len()) {
        list.remove(i);
    }
    let newest = list.first().and_then(|a| document::parse(&a.document).ok());
    if !old.entries.is_empty() && newest.is_none_or(|n| digest(&n) != digest(&old)) {
        list.insert(
            0,
            Aside {
                reason: reason.to_owned(),
                at_ms: js_sys::Date::now(),
                document: old.to_json(false),
            },
        );
    }
    list.truncate(MAX_ASIDE);
    // Older asides give way when storage is short; the newest must fit.
    loop {
        let json = serde_json::to_string(&list).unwrap_or_default();
        if s.set_item(KEY_ASIDE, &json).is_ok() {
            break;
        }
        if list.len() <= 1 {
            return Err(
                "there is no room in this browser's storage to keep your current workspace restorable, so it was left as it was; export it as a file (or reset it), then try again"
                    .into(),
            );
        }
        list.pop();
    }
    let write = |snapshot: &Snapshot| -> bool {
        for (key, _) in all_pairs(&s) {
            if key.starts_with(STORAGE_PREFIX) && !document::is_preference(&key) {
                let _ = s.remove_item(&key);
            }
        }
        snapshot.storage_pairs().all(|(key, value)| s.set_item(&key, value).is_ok())
    };
    if write(new) {
        Ok(!list.is_empty())
    } else {
        let _ = write(&old);
        Err(format!(
            "the workspace ({} KB) does not fit into this browser's storage; your own workspace was kept",
            new.bytes() / 1024
        ))
    }
}

/// Stores `pending` to run after the next reload, and reloads.
pub fn run_after_reload(pending: &Pending) -> Result<(), String> {
    let s = storage().ok_or("this browser does not let the page store anything")?;
    let json = serde_json::to_string(pending).map_err(|e| e.to_string())?;
    s.set_item(KEY_PENDING, &json)
        .map_err(|_| "the workspace does not fit into this browser's storage".to_owned())?;
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
    Ok(())
}

/// Runs the replacement stored before the reload, if any, and returns the
/// notice to show.
pub fn take_pending() -> Option<Notice> {
    let s = storage()?;
    let json = s.get_item(KEY_PENDING).ok().flatten()?;
    // Removed first: a replacement that fails must not run on every load.
    let _ = s.remove_item(KEY_PENDING);
    let pending: Pending = serde_json::from_str(&json).ok()?;
    let result = document::parse(&pending.document)
        .map_err(|e| e.to_string())
        .and_then(|snapshot| replace(&snapshot, &pending.reason, pending.restores));
    Some(match result {
        Ok(aside) => pending.notice.put_aside(aside),
        Err(e) => Notice { text: format!("Nothing was changed: {e}."), undo: false, error: true },
    })
}

//! ScrapeConfig jobs (owned by helper oam; this placeholder keeps the
//! generator building until the real module lands): `scrape_config_jobs`
//! returns the jobs of the selected ScrapeConfigs, `check` the SD-specific
//! validity checks of `checkScrapeConfig`.

use super::context::Gen;
use super::monitors::Obj;
use super::store::Store;
use crate::value::Value;

/// The scrape jobs of the selected ScrapeConfigs, sorted by `<ns>/<name>`.
pub fn scrape_config_jobs(
    _g: Gen<'_>,
    _objs: &[Obj<'_>],
    _shards: i64,
) -> Result<Vec<Value>, String> {
    Ok(Vec::new())
}

/// The service-discovery checks of `checkScrapeConfig` (the common ones are
/// made by the selection): `Err((field path, reason))` rejects the object.
pub fn check(_g: Gen<'_>, _store: &Store, _obj: Obj<'_>) -> Result<(), (String, String)> {
    Ok(())
}

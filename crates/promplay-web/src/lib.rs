//! The playground's web UI.

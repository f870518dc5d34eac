//! In a private folder: not part of routing, so never a middleware (and not checked).
pub fn not_a_middleware() {}

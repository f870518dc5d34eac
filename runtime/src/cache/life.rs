//! `cacheLife` profiles and the `Cache-Control` formula of Next.js.

use std::fmt;

/// How long a cached value is fresh, and how long a stale copy may still be served.
///
/// The seven profiles of Next.js 16 (`cacheLife('hours')` …) are associated constants
/// with the exact numbers of `next/dist/server/config-shared`; a custom profile is a
/// `const` built with [`CacheLife::new`]:
///
/// ```
/// use app_router::cache::CacheLife;
///
/// assert_eq!(CacheLife::HOURS, CacheLife::new(300, 3600, Some(86_400)));
/// const BLOG: CacheLife = CacheLife::new(60, 600, Some(86_400));
/// assert_eq!(BLOG.cache_control(), "s-maxage=600, stale-while-revalidate=85800");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CacheLife {
    /// Seconds a client may reuse the value without asking (drives client routers, not
    /// `Cache-Control`).
    pub stale: u32,
    /// Seconds after which the value is stale: served once more while it is
    /// regenerated in the background.
    pub revalidate: u32,
    /// Seconds after which a stale value is no longer served (the next request waits
    /// for a fresh one); `None` is never.
    pub expire: Option<u32>,
}

/// `nextConfig.expireTime`: the `expire` assumed when a profile never expires.
pub(crate) const DEFAULT_EXPIRE: u32 = 31_536_000;

impl CacheLife {
    /// `'default'`: stale 5 minutes, revalidate 15 minutes, never expires.
    pub const DEFAULT: CacheLife = CacheLife::new(300, 900, None);
    /// `'seconds'`: stale 30 seconds, revalidate 1 second, expire 1 minute.
    pub const SECONDS: CacheLife = CacheLife::new(30, 1, Some(60));
    /// `'minutes'`: stale 5 minutes, revalidate 1 minute, expire 1 hour.
    pub const MINUTES: CacheLife = CacheLife::new(300, 60, Some(3_600));
    /// `'hours'`: stale 5 minutes, revalidate 1 hour, expire 1 day.
    pub const HOURS: CacheLife = CacheLife::new(300, 3_600, Some(86_400));
    /// `'days'`: stale 5 minutes, revalidate 1 day, expire 1 week.
    pub const DAYS: CacheLife = CacheLife::new(300, 86_400, Some(604_800));
    /// `'weeks'`: stale 5 minutes, revalidate 1 week, expire 30 days.
    pub const WEEKS: CacheLife = CacheLife::new(300, 604_800, Some(2_592_000));
    /// `'max'`: stale 5 minutes, revalidate 30 days, expire 1 year.
    pub const MAX: CacheLife = CacheLife::new(300, 2_592_000, Some(31_536_000));

    /// The profile names of Next.js, in the order of its documentation.
    pub const PROFILES: [(&'static str, CacheLife); 7] = [
        ("default", Self::DEFAULT),
        ("seconds", Self::SECONDS),
        ("minutes", Self::MINUTES),
        ("hours", Self::HOURS),
        ("days", Self::DAYS),
        ("weeks", Self::WEEKS),
        ("max", Self::MAX),
    ];

    /// A custom profile. `expire` must be longer than `revalidate`, as Next.js requires;
    /// in a `const` a violation is a compile error.
    ///
    /// ```compile_fail
    /// const BAD: app_router::cache::CacheLife = app_router::cache::CacheLife::new(30, 600, Some(60));
    /// ```
    pub const fn new(stale: u32, revalidate: u32, expire: Option<u32>) -> Self {
        if let Some(expire) = expire {
            assert!(
                expire > revalidate,
                "cache life: `expire` must be longer than `revalidate`"
            );
        }
        CacheLife {
            stale,
            revalidate,
            expire,
        }
    }

    /// The profile of that name (`"hours"`), or `None`.
    pub fn profile(name: &str) -> Option<CacheLife> {
        Self::PROFILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, life)| *life)
    }

    /// The `Cache-Control` value Next.js sends for a response with this life:
    /// `s-maxage=<revalidate>, stale-while-revalidate=<expire - revalidate>`.
    pub fn cache_control(&self) -> String {
        cache_control(Some(self.revalidate), self.expire.unwrap_or(DEFAULT_EXPIRE))
    }
}

impl fmt::Display for CacheLife {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "stale {}s, revalidate {}s, expire ",
            self.stale, self.revalidate
        )?;
        match self.expire {
            Some(e) => write!(f, "{e}s"),
            None => f.write_str("never"),
        }
    }
}

/// `getCacheControlHeader({ revalidate, expire })` of Next.js
/// (`packages/next/src/server/lib/cache-control.ts`); `revalidate: None` is `false`.
pub(crate) fn cache_control(revalidate: Option<u32>, expire: u32) -> String {
    match revalidate {
        Some(0) => "private, no-cache, no-store, max-age=0, must-revalidate".to_owned(),
        Some(r) if r < expire => {
            format!("s-maxage={r}, stale-while-revalidate={}", expire - r)
        }
        Some(r) => format!("s-maxage={r}"),
        None => format!("s-maxage={DEFAULT_EXPIRE}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_matches_next() {
        assert_eq!(cache_control(None, DEFAULT_EXPIRE), "s-maxage=31536000");
        assert_eq!(
            cache_control(Some(60), DEFAULT_EXPIRE),
            "s-maxage=60, stale-while-revalidate=31535940"
        );
        assert_eq!(
            cache_control(Some(10), DEFAULT_EXPIRE),
            "s-maxage=10, stale-while-revalidate=31535990"
        );
        assert_eq!(
            cache_control(Some(0), DEFAULT_EXPIRE),
            "private, no-cache, no-store, max-age=0, must-revalidate"
        );
        assert_eq!(cache_control(Some(60), 60), "s-maxage=60");
    }
}

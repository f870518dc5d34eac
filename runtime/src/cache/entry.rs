//! One cached response or value, and its byte encoding for shared stores.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use bytes::Bytes;

/// A rendered response (or a `#[cache]` function's serialized value) with the time it
/// was rendered, its life and its tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheEntry {
    /// The response status (`200` for function values).
    pub status: StatusCode,
    /// The response headers, `Cache-Control` included.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
    /// When rendering started, in microseconds since the Unix epoch.
    pub rendered_at: u64,
    /// Seconds until stale; `None` never goes stale by age.
    pub revalidate: Option<u32>,
    /// Seconds until a stale copy is no longer served.
    pub expire: u32,
    /// Tags that `revalidate_tag` / `revalidate_path` mark stale.
    pub tags: Vec<String>,
}

/// What tag revalidations recorded, for one tag or for the tags of one entry, in
/// microseconds since the Unix epoch (`0`: never). The tags manifest of Next.js 16:
/// `revalidate_tag(tag, profile)` sets `stale` to now and `expired` to now plus the
/// profile's `expire`; `expire_tag(tag)` and `revalidate_path` set `expired` to now.
///
/// ```
/// use app_router::cache::TagState;
///
/// // An entry rendered at 100 with two tags: one marked stale at 150, one expiring at 400.
/// let a = TagState { stale: 150, expired: 0 };
/// let b = TagState { stale: 0, expired: 400 };
/// assert_eq!(TagState::for_entry(100, [a, b]), TagState { stale: 150, expired: 400 });
/// // A tag that expired before the render does not expire the entry.
/// assert_eq!(TagState::for_entry(500, [b]), TagState::default());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TagState {
    /// Entries rendered before this time are stale: served once more while one
    /// regeneration runs (`STALE`).
    pub stale: u64,
    /// Entries rendered before this time are no longer served once it has passed: the
    /// next request waits for a fresh render (`MISS`).
    pub expired: u64,
}

impl TagState {
    /// The state that matters for an entry rendered at `rendered_at`, from the states
    /// of its tags: the latest `stale` after the render, and the earliest `expired`
    /// after the render (an entry is expired once any of its tags is, as in Next.js'
    /// `areTagsExpired`). Stores call it in [`CacheStore::get`](super::CacheStore::get).
    pub fn for_entry(rendered_at: u64, tags: impl IntoIterator<Item = TagState>) -> TagState {
        tags.into_iter().fold(TagState::default(), |mut acc, tag| {
            if tag.stale > rendered_at {
                acc.stale = acc.stale.max(tag.stale);
            }
            if tag.expired > rendered_at && (acc.expired == 0 || tag.expired < acc.expired) {
                acc.expired = tag.expired;
            }
            acc
        })
    }

    /// Records `update` for one tag: each time it sets (non-zero) replaces the one
    /// recorded, as Next.js' tags manifest does.
    pub fn apply(&mut self, update: TagState) {
        if update.stale != 0 {
            self.stale = update.stale;
        }
        if update.expired != 0 {
            self.expired = update.expired;
        }
    }

    /// The latest time this state mentions (stores skip the tag lookup for entries
    /// rendered after every recorded time).
    pub(crate) fn latest(self) -> u64 {
        self.stale.max(self.expired)
    }
}

/// What a request does with an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Freshness {
    /// Serve it: `HIT`.
    Fresh,
    /// Serve it and regenerate in the background: `STALE`.
    Stale,
    /// Too old to serve: regenerate and wait, `MISS`.
    Expired,
}

/// Microseconds since the Unix epoch (shared stores compare times across machines).
pub(crate) fn now_micros() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
}

impl CacheEntry {
    /// `tags`: what revalidations say of the entry's tags ([`TagState::for_entry`]).
    pub(crate) fn freshness(&self, now: u64, tags: TagState) -> Freshness {
        let age = now.saturating_sub(self.rendered_at) / 1_000_000;
        let tag_expired = tags.expired > self.rendered_at && tags.expired <= now;
        if age >= u64::from(self.expire) || tag_expired {
            Freshness::Expired
        } else if tags.stale > self.rendered_at
            || self.revalidate.is_some_and(|r| age >= u64::from(r))
        {
            Freshness::Stale
        } else {
            Freshness::Fresh
        }
    }

    /// The response to send, with `x-nextjs-cache: <cache>`.
    pub(crate) fn response(&self, cache: &'static str) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
            .headers_mut()
            .insert(X_NEXTJS_CACHE, HeaderValue::from_static(cache));
        response
    }

    /// The entry as bytes, for stores that keep bytes (`RedisStore` uses it): a version
    /// byte, fixed fields, then length-prefixed headers, tags and the body.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.body.len());
        out.push(FORMAT);
        out.extend_from_slice(&self.status.as_u16().to_be_bytes());
        out.extend_from_slice(&self.rendered_at.to_be_bytes());
        out.extend_from_slice(&self.revalidate.unwrap_or(u32::MAX).to_be_bytes());
        out.extend_from_slice(&self.expire.to_be_bytes());
        put_len(&mut out, self.headers.len());
        for (name, value) in &self.headers {
            put_bytes(&mut out, name.as_str().as_bytes());
            put_bytes(&mut out, value.as_bytes());
        }
        put_len(&mut out, self.tags.len());
        for tag in &self.tags {
            put_bytes(&mut out, tag.as_bytes());
        }
        out.extend_from_slice(&self.body);
        out
    }

    /// The entry of [`to_bytes`](Self::to_bytes); `None` for bytes that are not an
    /// entry of this format (another version, foreign data), which stores treat as a miss.
    pub fn from_bytes(bytes: &[u8]) -> Option<CacheEntry> {
        let mut r = Reader(bytes);
        if r.take(1)? != [FORMAT] {
            return None;
        }
        let status = StatusCode::from_u16(u16::from_be_bytes(r.array()?)).ok()?;
        let rendered_at = u64::from_be_bytes(r.array()?);
        let revalidate = match u32::from_be_bytes(r.array()?) {
            u32::MAX => None,
            n => Some(n),
        };
        let expire = u32::from_be_bytes(r.array()?);
        let mut headers = HeaderMap::new();
        for _ in 0..r.len()? {
            let name = HeaderName::from_bytes(r.bytes()?).ok()?;
            let value = HeaderValue::from_bytes(r.bytes()?).ok()?;
            headers.append(name, value);
        }
        let mut tags = Vec::new();
        for _ in 0..r.len()? {
            tags.push(String::from_utf8(r.bytes()?.to_vec()).ok()?);
        }
        Some(CacheEntry {
            status,
            headers,
            body: Bytes::copy_from_slice(r.0),
            rendered_at,
            revalidate,
            expire,
            tags,
        })
    }
}

/// The response header Next.js uses to say how the cache answered.
pub(crate) const X_NEXTJS_CACHE: &str = "x-nextjs-cache";

const FORMAT: u8 = 1;

fn put_len(out: &mut Vec<u8>, len: usize) {
    out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_len(out, bytes.len());
    out.extend_from_slice(bytes);
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(u32::from_be_bytes(self.array()?)).ok()
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.len()?;
        self.take(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> CacheEntry {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.append("set-cookie", HeaderValue::from_static("a=1; Path=/"));
        headers.append("set-cookie", HeaderValue::from_static("b=2; Path=/"));
        CacheEntry {
            status: StatusCode::NOT_FOUND,
            headers,
            body: Bytes::from_static(b"{\"x\":1}"),
            rendered_at: 1_700_000_000_000_000,
            revalidate: Some(2),
            expire: 31_536_000,
            tags: vec!["_N_T_/api".into(), "posts".into()],
        }
    }

    #[test]
    fn encoding_round_trips_and_rejects_garbage() {
        let e = entry();
        let bytes = e.to_bytes();
        assert_eq!(CacheEntry::from_bytes(&bytes), Some(e.clone()));
        let never = CacheEntry {
            revalidate: None,
            ..e
        };
        assert_eq!(CacheEntry::from_bytes(&never.to_bytes()), Some(never));
        for cut in [0, 1, 5, 20, 40] {
            assert_eq!(CacheEntry::from_bytes(&bytes[..cut]), None, "cut at {cut}");
        }
        assert_eq!(CacheEntry::from_bytes(b"\x02rest"), None);
    }

    #[test]
    fn freshness_by_age_tags_and_expiry() {
        let e = entry();
        let t = e.rendered_at;
        let none = TagState::default();
        let stale = |at| TagState {
            stale: at,
            expired: 0,
        };
        let expired = |at| TagState {
            stale: 0,
            expired: at,
        };
        assert_eq!(e.freshness(t + 1_999_999, none), Freshness::Fresh);
        assert_eq!(e.freshness(t + 2_000_000, none), Freshness::Stale);
        assert_eq!(e.freshness(t + 10, stale(t + 5)), Freshness::Stale);
        assert_eq!(e.freshness(t + 10, stale(t)), Freshness::Fresh);
        assert_eq!(
            e.freshness(t + 31_536_000 * 1_000_000, none),
            Freshness::Expired
        );
        // `expire_tag`: expired at once; a profile's expiry: stale until it passes.
        assert_eq!(e.freshness(t + 10, expired(t + 5)), Freshness::Expired);
        assert_eq!(e.freshness(t + 10, expired(t)), Freshness::Fresh);
        let profiled = TagState {
            stale: t + 5,
            expired: t + 20,
        };
        assert_eq!(e.freshness(t + 10, profiled), Freshness::Stale);
        assert_eq!(e.freshness(t + 20, profiled), Freshness::Expired);
    }
}

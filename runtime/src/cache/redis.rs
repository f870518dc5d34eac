//! A [`CacheStore`] in Redis, so every instance behind a load balancer shares entries
//! and tag revalidations.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use redis::AsyncCommands;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::entry::{CacheEntry, TagState};
use super::store::{CacheStore, StoreError, StoreFuture};

/// Entries and tag times in Redis (feature `redis`).
///
/// Entries are `SET` with an expiry of their `expire`; tag times live in two hashes (stale, expired). The
/// connection is made lazily and re-made after failures; each command gives up after
/// the response timeout (500 ms by default), so a Redis that is down slows no request
/// by more than that: the request is served uncached and the error is logged.
///
/// ```no_run
/// use app_router::cache::{Cache, RedisStore};
///
/// let store = RedisStore::open("redis://127.0.0.1:6379/")?;
/// let cache = Cache::new(store);
/// # Ok::<(), app_router::cache::StoreError>(())
/// ```
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    prefix: Arc<str>,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Connects (lazily) to `url` (`redis://host:port/db`), with keys prefixed
    /// `app-router:`. Must be called inside a Tokio runtime.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_with(url, "app-router:", Duration::from_millis(500))
    }

    /// Like [`open`](Self::open), with a key prefix (several apps in one Redis) and the
    /// time after which a command counts as failed.
    pub fn open_with(url: &str, prefix: &str, timeout: Duration) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(error)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1);
        let connection = ConnectionManager::new_lazy_with_config(client, config).map_err(error)?;
        Ok(Self {
            connection,
            prefix: prefix.into(),
        })
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Per tag, when it was last marked stale (`revalidate_tag`).
    fn tags_key(&self) -> String {
        format!("{}tags", self.prefix)
    }

    /// Per tag, when it expires (`expire_tag`, `revalidate_path`, a profile's `expire`).
    fn expired_key(&self) -> String {
        format!("{}tags:expired", self.prefix)
    }
}

fn error(err: redis::RedisError) -> StoreError {
    StoreError(err.to_string())
}

impl CacheStore for RedisStore {
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<(Arc<CacheEntry>, TagState)>> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            let bytes: Option<Vec<u8>> = connection.get(self.key(key)).await.map_err(error)?;
            let Some(entry) = bytes.as_deref().and_then(CacheEntry::from_bytes) else {
                return Ok(None);
            };
            let state = if entry.tags.is_empty() {
                TagState::default()
            } else {
                let (stale, expired): (Vec<Option<u64>>, Vec<Option<u64>>) = redis::pipe()
                    .cmd("HMGET")
                    .arg(self.tags_key())
                    .arg(&entry.tags)
                    .cmd("HMGET")
                    .arg(self.expired_key())
                    .arg(&entry.tags)
                    .query_async(&mut connection)
                    .await
                    .map_err(error)?;
                let tags = stale
                    .into_iter()
                    .zip(expired)
                    .map(|(stale, expired)| TagState {
                        stale: stale.unwrap_or(0),
                        expired: expired.unwrap_or(0),
                    });
                TagState::for_entry(entry.rendered_at, tags)
            };
            Ok(Some((Arc::new(entry), state)))
        })
    }

    fn set<'a>(&'a self, key: &'a str, entry: Arc<CacheEntry>) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            let seconds = u64::from(entry.expire.max(1));
            let _: () = connection
                .set_ex(self.key(key), entry.to_bytes(), seconds)
                .await
                .map_err(error)?;
            Ok(())
        })
    }

    fn revalidate_tags<'a>(&'a self, tags: &'a [String], update: TagState) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            if tags.is_empty() {
                return Ok(());
            }
            let mut pipe = redis::pipe();
            for (key, at) in [
                (self.tags_key(), update.stale),
                (self.expired_key(), update.expired),
            ] {
                if at != 0 {
                    let pairs: Vec<(&str, u64)> = tags.iter().map(|t| (t.as_str(), at)).collect();
                    pipe.hset_multiple(key, &pairs).ignore();
                }
            }
            let mut connection = self.connection.clone();
            let _: () = pipe.query_async(&mut connection).await.map_err(error)?;
            Ok(())
        })
    }
}

// Fails as its id says: `error` returns an error, `panic` panics.
use std::sync::atomic::Ordering;

use super::RouteContext;
use app_router::prelude::*;

pub async fn GET(ctx: RouteContext) -> Result<String, HandlerError> {
    match ctx.params.id.as_str() {
        "error" => Err(std::io::Error::other("the database is gone").into()),
        "panic" => panic!("user {} exploded", ctx.params.id),
        id => Ok(format!(
            "user {id}, registered={}",
            crate::REGISTERED.load(Ordering::SeqCst)
        )),
    }
}

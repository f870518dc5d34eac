//! `/users/[id]`.
use super::RouteContext;
use app_router::prelude::*;

use crate::models::User;

/// One user by id.
pub async fn GET(ctx: RouteContext) -> Result<Json<User>, StatusCode> {
    match ctx.params.id.parse() {
        Ok(id) => Ok(Json(User {
            id,
            name: "ada".into(),
        })),
        Err(_) => Err(StatusCode::NOT_FOUND),
    }
}

/// Deletes a user.
pub async fn DELETE(ctx: RouteContext) -> StatusCode {
    let _ = ctx;
    StatusCode::NO_CONTENT
}

//! `/users`: list and create.
use app_router::prelude::*;

use crate::models::{NewUser, Page, User};

/// Lists the users.
///
/// One page at a time, filtered by `q`.
pub async fn GET(Query(page): Query<Page>) -> Json<Vec<User>> {
    let _ = page;
    Json(Vec::new())
}

/// Creates a user.
pub async fn POST(Json(user): Json<NewUser>) -> Result<Json<User>, StatusCode> {
    Ok(Json(User {
        id: 1,
        name: user.name,
    }))
}

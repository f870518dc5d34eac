//! Every kind of handler signature the macro must accept.

use app_router::prelude::*;
use axum::extract::FromRef;
use serde::Deserialize;

#[derive(Clone)]
struct AppState {
    db: Db,
}

#[derive(Clone)]
struct Db(&'static str);

impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Db {
        state.db.clone()
    }
}

#[derive(Deserialize)]
struct Filter {
    q: Option<String>,
}

#[derive(Debug)]
struct AppError;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }
}

#[route_handlers]
mod items {
    use app_router::prelude::*;

    use super::{AppError, AppState, Db, Filter};

    const PREFIX: &str = "item";

    fn helper(name: &str) -> String {
        format!("{PREFIX}-{name}")
    }

    pub async fn GET(
        State(state): State<AppState>,
        State(db): State<Db>,
        Query(filter): Query<Filter>,
        headers: HeaderMap,
    ) -> impl IntoResponse {
        let _ = (state.db.0, headers.len());
        helper(&format!("{}{}", db.0, filter.q.unwrap_or_default()))
    }

    pub async fn POST(Path(id): Path<u64>, Json(body): Json<serde_json::Value>) -> Json<serde_json::Value> {
        Json(json!({ "id": id, "body": body }))
    }

    pub async fn PUT(request: Request) -> Result<String, AppError> {
        Ok(request.uri().path().to_owned())
    }

    pub async fn PATCH(State(state): State<AppState>) -> Result<StatusCode, AppError> {
        if state.db.0.is_empty() { Err(AppError) } else { Ok(StatusCode::NO_CONTENT) }
    }

    pub async fn DELETE(method: Method, body: String) -> Response {
        (StatusCode::OK, format!("{method} {body}")).into_response()
    }

    pub async fn HEAD() -> StatusCode {
        StatusCode::OK
    }

    pub async fn OPTIONS(Form(form): Form<std::collections::HashMap<String, String>>) -> String {
        form.len().to_string()
    }
}

#[route_handlers(state = AppState)]
mod concrete {
    use app_router::prelude::*;

    use super::AppState;

    pub async fn GET(State(state): State<AppState>, headers: HeaderMap) -> String {
        format!("{} {}", state.db.0, headers.len())
    }
}

fn main() {
    let state = AppState { db: Db("db") };
    let _: Router = Router::new()
        .route("/items/{id}", items::router())
        .route("/concrete", concrete::router())
        .with_state(state);
    assert_eq!(items::METHODS.len(), 7);
    assert_eq!(concrete::METHODS, [Method::GET]);
}

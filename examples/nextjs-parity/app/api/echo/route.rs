// The `request` feature group: query string, pathname and JSON body.
use std::collections::BTreeMap;

use app_router::prelude::*;
use axum::http::Uri;

pub async fn GET(uri: Uri, Query(query): Query<BTreeMap<String, String>>) -> impl IntoResponse {
    Json(json!({ "query": query, "pathname": uri.path() }))
}

pub async fn POST(Json(body): Json<serde_json::Value>) -> impl IntoResponse {
    Json(json!({ "received": body }))
}

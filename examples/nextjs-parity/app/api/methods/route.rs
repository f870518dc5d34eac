use app_router::prelude::*;

fn echo(method: &Method) -> Json<serde_json::Value> {
    Json(json!({ "method": method.as_str() }))
}

pub async fn GET(method: Method) -> Json<serde_json::Value> {
    echo(&method)
}

pub async fn POST(method: Method) -> Json<serde_json::Value> {
    echo(&method)
}

pub async fn PUT(method: Method) -> Json<serde_json::Value> {
    echo(&method)
}

pub async fn PATCH(method: Method) -> Json<serde_json::Value> {
    echo(&method)
}

pub async fn DELETE(method: Method) -> Json<serde_json::Value> {
    echo(&method)
}

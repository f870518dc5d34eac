//! `/echo`: the body, for a proxied `POST` (the proxy must leave the body alone).
pub async fn POST(body: String) -> String {
    format!("echo {body}")
}

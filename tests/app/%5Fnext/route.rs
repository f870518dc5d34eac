pub async fn GET() -> &'static str {
    "underscore"
}

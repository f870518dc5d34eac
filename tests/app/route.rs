pub async fn GET() -> &'static str {
    "root"
}

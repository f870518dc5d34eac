pub async fn GET() -> &'static str {
    panic!("boom")
}

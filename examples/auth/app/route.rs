//! `/`: what to try.

pub async fn GET() -> &'static str {
    "try /admin/users (401), POST /login with password=letmein, /old/intro, /api/health"
}

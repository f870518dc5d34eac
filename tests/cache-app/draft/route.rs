// Draft mode: `POST` enables it, `DELETE` disables it, `GET` tells whether the
// request came with it.
use app_router::prelude::*;

pub async fn GET() -> Result<String, HandlerError> {
    Ok(format!(
        "enabled={}",
        app_router::draft_mode()?.is_enabled()
    ))
}

pub async fn POST() -> Result<StatusCode, HandlerError> {
    app_router::draft_mode()?.enable();
    Ok(StatusCode::NO_CONTENT)
}

pub async fn DELETE() -> Result<StatusCode, HandlerError> {
    app_router::draft_mode()?.disable();
    Ok(StatusCode::NO_CONTENT)
}

use app_router::prelude::*;

// Not HTML: returned as is, without layouts.
pub async fn page() -> Redirect {
    Redirect::temporary("/cart")
}

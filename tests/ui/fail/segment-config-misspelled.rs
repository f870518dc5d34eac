use app_router::prelude::*;

#[route_handlers]
mod feed {
    use app_router::prelude::*;

    pub const REVALIDATES: Revalidate = Revalidate::Seconds(60);
    #[allow(non_upper_case_globals)]
    pub const dynamicParams: bool = false;
    pub const FETCH_CACHE: &str = "force-cache";
    pub const PAGE_SIZE: usize = 20;

    pub async fn GET() -> &'static str {
        "feed"
    }
}

fn main() {}

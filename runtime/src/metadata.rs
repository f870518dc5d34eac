//! Metadata routes, as Next.js serves them: the typed values that `sitemap.rs`,
//! `robots.rs`, `manifest.rs` and the image files (`icon.rs`, `opengraph-image.rs`, ...)
//! return, and the documents the crate writes from them.
//!
//! | file in `app/` | URL | `Content-Type` | the function returns |
//! |---|---|---|---|
//! | `sitemap.rs` (any folder) | `/<folder>/sitemap.xml` | `application/xml` | [`Sitemap`] |
//! | `sitemap.rs` with `generate_sitemaps` | `/<folder>/sitemap/<id>.xml` | `application/xml` | [`Sitemap`] |
//! | `robots.rs` (root) | `/robots.txt` | `text/plain` | [`Robots`] |
//! | `manifest.rs` (root) | `/manifest.webmanifest` | `application/manifest+json` | [`Manifest`] |
//! | `icon.rs`, `apple-icon.rs`, `opengraph-image.rs`, `twitter-image.rs` | `/<folder>/icon` (or `/<folder>/icon/<id>` with `generate_image_metadata`) | the [`Image`]'s | [`Image`] |
//!
//! Every metadata response carries `Cache-Control: public, max-age=0, must-revalidate`
//! ([`CACHE_CONTROL`]), as `next start` sends it. A metadata function whose arguments
//! are all `State<T>` (or none) is static: it runs once, on the first request, and its
//! output is served from memory after that. One that takes any other extractor runs
//! on every request. Any of them may return `Result<T, E>`: an error answers `500`
//! and is not cached.
//!
//! ```
//! use app_router::metadata::{ChangeFrequency, Sitemap, SitemapEntry, sitemap_xml};
//!
//! // app/sitemap.rs
//! pub async fn sitemap() -> Sitemap {
//!     vec![
//!         SitemapEntry::new("https://example.com")
//!             .last_modified("2025-01-01T00:00:00.000Z")
//!             .change_frequency(ChangeFrequency::Yearly)
//!             .priority(1.0),
//!     ]
//! }
//!
//! # let entries = futures_util::FutureExt::now_or_never(sitemap()).unwrap();
//! assert_eq!(
//!     sitemap_xml(&entries),
//!     r#"<?xml version="1.0" encoding="UTF-8"?>
//! <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
//! <url>
//! <loc>https://example.com</loc>
//! <lastmod>2025-01-01T00:00:00.000Z</lastmod>
//! <changefreq>yearly</changefreq>
//! <priority>1</priority>
//! </url>
//! </urlset>
//! "#
//! );
//! ```

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use serde::Serialize;

/// The `Cache-Control` of every metadata route (static files included), as
/// `next start` sends it.
pub const CACHE_CONTROL: &str = "public, max-age=0, must-revalidate";

/// What `sitemap.rs` returns: the entries of one `<urlset>`.
pub type Sitemap = Vec<SitemapEntry>;

/// One `<url>` of a sitemap (`MetadataRoute.Sitemap[number]`).
///
/// Every value is XML-escaped when written, so a URL with `&` or `<` is safe.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SitemapEntry {
    /// `<loc>`: the absolute URL of the page.
    pub url: String,
    /// `<lastmod>`, as written (W3C date-time, such as `2025-01-01` or the output of
    /// [`to_iso_string`]).
    pub last_modified: Option<String>,
    /// `<changefreq>`.
    pub change_frequency: Option<ChangeFrequency>,
    /// `<priority>`, `0.0` to `1.0`, written like JavaScript writes numbers (`1`, `0.8`).
    pub priority: Option<f64>,
    /// `<xhtml:link rel="alternate" hreflang=... href=...>` links.
    pub alternates: Alternates,
    /// `<image:image>` URLs.
    pub images: Vec<String>,
}

impl SitemapEntry {
    /// An entry for `url` with nothing else set.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            ..Self::default()
        }
    }

    /// Sets `<lastmod>`.
    pub fn last_modified(mut self, value: impl Into<String>) -> Self {
        self.last_modified = Some(value.into());
        self
    }

    /// Sets `<changefreq>`.
    pub fn change_frequency(mut self, value: ChangeFrequency) -> Self {
        self.change_frequency = Some(value);
        self
    }

    /// Sets `<priority>`.
    pub fn priority(mut self, value: f64) -> Self {
        self.priority = Some(value);
        self
    }

    /// Adds an alternate URL for a language (`alternates.languages`).
    pub fn language(mut self, hreflang: impl Into<String>, url: impl Into<String>) -> Self {
        self.alternates
            .languages
            .push((hreflang.into(), url.into()));
        self
    }

    /// Adds an image URL.
    pub fn image(mut self, url: impl Into<String>) -> Self {
        self.images.push(url.into());
        self
    }
}

/// The alternates of a sitemap entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alternates {
    /// `(hreflang, url)` pairs, written in this order.
    pub languages: Vec<(String, String)>,
}

/// `<changefreq>` values of the sitemap protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum ChangeFrequency {
    Always,
    Hourly,
    Daily,
    Weekly,
    Monthly,
    Yearly,
    Never,
}

impl ChangeFrequency {
    /// The value as written: `yearly`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Always => "always",
            Self::Hourly => "hourly",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
            Self::Yearly => "yearly",
            Self::Never => "never",
        }
    }
}

/// The sitemap document, in the shape Next.js writes (`resolveSitemap`): the XML
/// declaration, `<urlset>` with the `image` and `xhtml` namespaces when an entry uses
/// them, one element per line. Unlike Next.js, every value is escaped.
///
/// ```
/// use app_router::metadata::{SitemapEntry, sitemap_xml};
///
/// let xml = sitemap_xml(&[SitemapEntry::new("https://example.com/?a=1&b=<2>")]);
/// assert!(xml.contains("<loc>https://example.com/?a=1&amp;b=&lt;2&gt;</loc>"));
/// ```
pub fn sitemap_xml(entries: &[SitemapEntry]) -> String {
    let has_alternates = entries.iter().any(|e| !e.alternates.languages.is_empty());
    let has_images = entries.iter().any(|e| !e.images.is_empty());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if has_images {
        out.push_str(" xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\"");
    }
    if has_alternates {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    for entry in entries {
        out.push_str("<url>\n<loc>");
        escape_xml(&mut out, &entry.url);
        out.push_str("</loc>\n");
        for (language, href) in &entry.alternates.languages {
            out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
            escape_xml(&mut out, language);
            out.push_str("\" href=\"");
            escape_xml(&mut out, href);
            out.push_str("\" />\n");
        }
        for image in &entry.images {
            out.push_str("<image:image>\n<image:loc>");
            escape_xml(&mut out, image);
            out.push_str("</image:loc>\n</image:image>\n");
        }
        if let Some(date) = &entry.last_modified {
            out.push_str("<lastmod>");
            escape_xml(&mut out, date);
            out.push_str("</lastmod>\n");
        }
        if let Some(frequency) = entry.change_frequency {
            let _ = writeln!(out, "<changefreq>{}</changefreq>", frequency.as_str());
        }
        if let Some(priority) = entry.priority {
            let _ = writeln!(out, "<priority>{priority}</priority>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Appends `text` escaped for XML content and attribute values: the five predefined
/// entities, and characters XML 1.0 does not allow (C0 controls other than tab, LF and
/// CR; U+FFFE, U+FFFF) dropped, so the document always parses.
fn escape_xml(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// What `robots.rs` returns (`MetadataRoute.Robots`).
///
/// ```
/// use app_router::metadata::{Robots, RobotsRule, robots_txt};
///
/// let robots = Robots::new()
///     .rule(RobotsRule::new().user_agent("*").allow("/").disallow("/private/"))
///     .sitemap("https://example.com/sitemap.xml");
/// assert_eq!(
///     robots_txt(&robots),
///     "User-Agent: *\nAllow: /\nDisallow: /private/\n\nSitemap: https://example.com/sitemap.xml\n"
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    /// The rule groups, in order.
    pub rules: Vec<RobotsRule>,
    /// `Sitemap:` lines.
    pub sitemap: Vec<String>,
    /// The `Host:` line.
    pub host: Option<String>,
}

impl Robots {
    /// No rules, no sitemap, no host.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a rule group.
    pub fn rule(mut self, rule: RobotsRule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Adds a `Sitemap:` line.
    pub fn sitemap(mut self, url: impl Into<String>) -> Self {
        self.sitemap.push(url.into());
        self
    }

    /// Sets the `Host:` line.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }
}

/// One group of `robots.txt` rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RobotsRule {
    /// `User-Agent:` lines; none means `*`.
    pub user_agent: Vec<String>,
    /// `Allow:` lines.
    pub allow: Vec<String>,
    /// `Disallow:` lines.
    pub disallow: Vec<String>,
    /// `Crawl-delay:` in seconds; `0` is not written (as in Next.js).
    pub crawl_delay: Option<f64>,
}

impl RobotsRule {
    /// A rule for every user agent, allowing and disallowing nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a user agent.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent.push(agent.into());
        self
    }

    /// Adds an `Allow:` path.
    pub fn allow(mut self, path: impl Into<String>) -> Self {
        self.allow.push(path.into());
        self
    }

    /// Adds a `Disallow:` path.
    pub fn disallow(mut self, path: impl Into<String>) -> Self {
        self.disallow.push(path.into());
        self
    }

    /// Sets `Crawl-delay:`.
    pub fn crawl_delay(mut self, seconds: f64) -> Self {
        self.crawl_delay = Some(seconds);
        self
    }
}

/// The `robots.txt` text, in the shape Next.js writes (`resolveRobots`): per rule its
/// `User-Agent`, `Allow`, `Disallow` and `Crawl-delay` lines and a blank line, then
/// `Host` and `Sitemap` lines. Line breaks inside values are dropped, so a value cannot
/// add a directive.
pub fn robots_txt(robots: &Robots) -> String {
    let mut out = String::new();
    for rule in &robots.rules {
        if rule.user_agent.is_empty() {
            directive(&mut out, "User-Agent", "*");
        }
        for agent in &rule.user_agent {
            directive(&mut out, "User-Agent", agent);
        }
        for path in &rule.allow {
            directive(&mut out, "Allow", path);
        }
        for path in &rule.disallow {
            directive(&mut out, "Disallow", path);
        }
        if let Some(delay) = rule.crawl_delay.filter(|d| *d != 0.0 && !d.is_nan()) {
            directive(&mut out, "Crawl-delay", &delay.to_string());
        }
        out.push('\n');
    }
    if let Some(host) = &robots.host {
        directive(&mut out, "Host", host);
    }
    for sitemap in &robots.sitemap {
        directive(&mut out, "Sitemap", sitemap);
    }
    out
}

/// `key: value\n`, without the line breaks of `value`.
fn directive(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(": ");
    out.extend(value.chars().filter(|c| !matches!(c, '\r' | '\n')));
    out.push('\n');
}

/// What `manifest.rs` returns: a web app manifest, written as JSON with the fields in
/// this order and unset ones left out (`MetadataRoute.Manifest`).
///
/// ```
/// use app_router::metadata::{Manifest, ManifestIcon};
///
/// let manifest = Manifest {
///     name: Some("App".into()),
///     start_url: Some("/".into()),
///     icons: vec![ManifestIcon::new("/icon.png").sizes("192x192")],
///     ..Default::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&manifest).unwrap(),
///     r#"{"name":"App","start_url":"/","icons":[{"src":"/icon.png","sizes":"192x192"}]}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    /// `name`.
    pub name: Option<String>,
    /// `short_name`.
    pub short_name: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `start_url`.
    pub start_url: Option<String>,
    /// `scope`.
    pub scope: Option<String>,
    /// `id`.
    pub id: Option<String>,
    /// `display`: `fullscreen`, `standalone`, `minimal-ui` or `browser`.
    pub display: Option<String>,
    /// `orientation`.
    pub orientation: Option<String>,
    /// `background_color`.
    pub background_color: Option<String>,
    /// `theme_color`.
    pub theme_color: Option<String>,
    /// `lang`.
    pub lang: Option<String>,
    /// `icons`.
    pub icons: Vec<ManifestIcon>,
    /// `categories`.
    pub categories: Vec<String>,
    /// Any other member (`screenshots`, `shortcuts`, ...), written after the ones above.
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// One entry of a manifest's `icons`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestIcon {
    /// `src`.
    pub src: String,
    /// `sizes`, such as `192x192` or `any`.
    pub sizes: Option<String>,
    /// `type`, such as `image/png`.
    pub content_type: Option<String>,
    /// `purpose`, such as `maskable`.
    pub purpose: Option<String>,
}

// Written by hand rather than derived, so the runtime does not pull `serde_derive`
// (and its `syn`) into every app's build.
impl Serialize for Manifest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        let strings = [
            ("name", &self.name),
            ("short_name", &self.short_name),
            ("description", &self.description),
            ("start_url", &self.start_url),
            ("scope", &self.scope),
            ("id", &self.id),
            ("display", &self.display),
            ("orientation", &self.orientation),
            ("background_color", &self.background_color),
            ("theme_color", &self.theme_color),
            ("lang", &self.lang),
        ];
        for (key, value) in strings {
            if let Some(value) = value {
                map.serialize_entry(key, value)?;
            }
        }
        if !self.icons.is_empty() {
            map.serialize_entry("icons", &self.icons)?;
        }
        if !self.categories.is_empty() {
            map.serialize_entry("categories", &self.categories)?;
        }
        for (key, value) in &self.other {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Serialize for ManifestIcon {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("src", &self.src)?;
        let optional = [
            ("sizes", &self.sizes),
            ("type", &self.content_type),
            ("purpose", &self.purpose),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

impl ManifestIcon {
    /// An icon at `src`.
    pub fn new(src: impl Into<String>) -> Self {
        Self {
            src: src.into(),
            ..Self::default()
        }
    }

    /// Sets `sizes`.
    pub fn sizes(mut self, sizes: impl Into<String>) -> Self {
        self.sizes = Some(sizes.into());
        self
    }

    /// Sets `type`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Sets `purpose`.
    pub fn purpose(mut self, purpose: impl Into<String>) -> Self {
        self.purpose = Some(purpose.into());
        self
    }
}

/// What an image file (`icon.rs`, `apple-icon.rs`, `opengraph-image.rs`,
/// `twitter-image.rs`) returns: encoded image bytes and their content type. The crate
/// decodes nothing; render with any library you like.
///
/// ```
/// use app_router::metadata::Image;
///
/// // app/icon.rs
/// pub async fn icon() -> Image {
///     Image::svg(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>"#)
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    content_type: String,
    bytes: Bytes,
}

impl Image {
    /// `bytes` served with `content_type`. A content type that is not a valid header
    /// value answers `500` (logged).
    pub fn new(content_type: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Self {
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }

    /// `image/png`, the type of Next.js' `ImageResponse`.
    pub fn png(bytes: impl Into<Bytes>) -> Self {
        Self::new("image/png", bytes)
    }

    /// `image/jpeg`.
    pub fn jpeg(bytes: impl Into<Bytes>) -> Self {
        Self::new("image/jpeg", bytes)
    }

    /// `image/gif`.
    pub fn gif(bytes: impl Into<Bytes>) -> Self {
        Self::new("image/gif", bytes)
    }

    /// `image/svg+xml`.
    pub fn svg(text: impl Into<Bytes>) -> Self {
        Self::new("image/svg+xml", text)
    }

    /// `image/x-icon`.
    pub fn ico(bytes: impl Into<Bytes>) -> Self {
        Self::new("image/x-icon", bytes)
    }

    /// The content type.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The encoded image.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

/// One image of `generate_image_metadata`: its `id` becomes the last URL segment
/// (`/icon/<id>`), and the whole value is passed to the image function.
///
/// ```
/// use app_router::metadata::{Image, ImageMetadata};
///
/// // app/icon.rs
/// pub fn generate_image_metadata() -> Vec<ImageMetadata> {
///     vec![ImageMetadata::new("small").size(48, 48), ImageMetadata::new("large").size(72, 72)]
/// }
///
/// pub async fn icon(image: ImageMetadata) -> Image {
///     let (width, _) = image.size.unwrap_or((32, 32));
///     Image::svg(format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}"/>"#))
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageMetadata {
    /// The URL segment.
    pub id: String,
    /// The alt text.
    pub alt: Option<String>,
    /// Width and height in pixels.
    pub size: Option<(u32, u32)>,
    /// The content type.
    pub content_type: Option<String>,
}

impl ImageMetadata {
    /// An image with this id and nothing else set.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            ..Self::default()
        }
    }

    /// Sets the size.
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.size = Some((width, height));
        self
    }

    /// Sets the alt text.
    pub fn alt(mut self, alt: impl Into<String>) -> Self {
        self.alt = Some(alt.into());
        self
    }

    /// Sets the content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// An item of `generate_sitemaps` or `generate_image_metadata`: the id that names it in
/// the URL (`/sitemap/<id>.xml`, `/icon/<id>`).
///
/// ```
/// use app_router::metadata::{MetadataId, ImageMetadata};
///
/// assert_eq!(7u32.metadata_id(), "7");
/// assert_eq!(ImageMetadata::new("small").metadata_id(), "small");
/// ```
pub trait MetadataId {
    /// The id as it appears in the URL (before percent-encoding).
    fn metadata_id(&self) -> String;
}

impl MetadataId for ImageMetadata {
    fn metadata_id(&self) -> String {
        self.id.clone()
    }
}

macro_rules! display_ids {
    ($($ty:ty),*) => {
        $(impl MetadataId for $ty {
            fn metadata_id(&self) -> String {
                self.to_string()
            }
        })*
    };
}

display_ids!(
    String,
    &'static str,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize
);

/// `time` as JavaScript's `Date.prototype.toISOString` writes it, the format Next.js
/// writes a `Date` `lastModified` in: `2025-01-01T00:00:00.000Z`.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use app_router::metadata::to_iso_string;
///
/// let time = UNIX_EPOCH + Duration::from_millis(1_735_689_600_000);
/// assert_eq!(to_iso_string(time), "2025-01-01T00:00:00.000Z");
/// ```
pub fn to_iso_string(time: SystemTime) -> String {
    let millis: i128 = match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_millis() as i128,
        Err(before) => -(before.duration().as_millis() as i128),
    };
    let days = millis.div_euclid(86_400_000);
    let of_day = millis.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let (h, m, s, ms) = (
        of_day / 3_600_000,
        of_day / 60_000 % 60,
        of_day / 1000 % 60,
        of_day % 1000,
    );
    let year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else if year < 0 {
        format!("-{:06}", -year)
    } else {
        format!("+{year:06}")
    };
    format!("{year}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i128) -> (i128, i128, i128) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i128::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn sitemap_has_the_nextjs_shape_with_every_field() {
        let entries = vec![
            SitemapEntry::new("https://example.com")
                .last_modified("2025-01-01T00:00:00.000Z")
                .change_frequency(ChangeFrequency::Yearly)
                .priority(1.0),
            SitemapEntry::new("https://example.com/about")
                .change_frequency(ChangeFrequency::Monthly)
                .priority(0.8)
                .language("es", "https://example.com/es/about")
                .language("de", "https://example.com/de/about")
                .image("https://example.com/a.png"),
        ];
        assert_eq!(
            sitemap_xml(&entries),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">
<url>
<loc>https://example.com</loc>
<lastmod>2025-01-01T00:00:00.000Z</lastmod>
<changefreq>yearly</changefreq>
<priority>1</priority>
</url>
<url>
<loc>https://example.com/about</loc>
<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://example.com/es/about\" />
<xhtml:link rel=\"alternate\" hreflang=\"de\" href=\"https://example.com/de/about\" />
<image:image>
<image:loc>https://example.com/a.png</image:loc>
</image:image>
<changefreq>monthly</changefreq>
<priority>0.8</priority>
</url>
</urlset>
"
        );
        assert_eq!(
            sitemap_xml(&[]),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n</urlset>\n"
        );
    }

    #[test]
    fn sitemap_escapes_hostile_values() {
        let entries = vec![
            SitemapEntry::new("https://e.com/?q=<script>&x='1'\"</loc><loc>")
                .last_modified("2025</lastmod>")
                .language("en\" onload=\"x", "https://e.com/a&b")
                .image("https://e.com/i.png?a=1&b=2\u{1}\u{ffff}"),
        ];
        let xml = sitemap_xml(&entries);
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">
<url>
<loc>https://e.com/?q=&lt;script&gt;&amp;x=&apos;1&apos;&quot;&lt;/loc&gt;&lt;loc&gt;</loc>
<xhtml:link rel=\"alternate\" hreflang=\"en&quot; onload=&quot;x\" href=\"https://e.com/a&amp;b\" />
<image:image>
<image:loc>https://e.com/i.png?a=1&amp;b=2</image:loc>
</image:image>
<lastmod>2025&lt;/lastmod&gt;</lastmod>
</url>
</urlset>
"
        );
    }

    #[test]
    fn robots_has_the_nextjs_shape() {
        let robots = Robots::new()
            .rule(
                RobotsRule::new()
                    .user_agent("Googlebot")
                    .allow("/")
                    .disallow("/admin")
                    .crawl_delay(2.0),
            )
            .rule(RobotsRule::new().disallow("/").crawl_delay(0.0))
            .host("https://example.com")
            .sitemap("https://example.com/sitemap.xml")
            .sitemap("https://example.com/2.xml");
        assert_eq!(
            robots_txt(&robots),
            "User-Agent: Googlebot\nAllow: /\nDisallow: /admin\nCrawl-delay: 2\n\n\
             User-Agent: *\nDisallow: /\n\n\
             Host: https://example.com\n\
             Sitemap: https://example.com/sitemap.xml\nSitemap: https://example.com/2.xml\n"
        );
        let hostile = Robots::new().rule(RobotsRule::new().allow("/\nDisallow: /"));
        assert_eq!(
            robots_txt(&hostile),
            "User-Agent: *\nAllow: /Disallow: /\n\n"
        );
    }

    #[test]
    fn manifest_keeps_field_order_and_extra_members() {
        let mut manifest = Manifest {
            name: Some("A \"quoted\" app".into()),
            display: Some("standalone".into()),
            icons: vec![
                ManifestIcon::new("/i.png")
                    .content_type("image/png")
                    .purpose("maskable"),
            ],
            ..Manifest::default()
        };
        manifest
            .other
            .insert("prefer_related_applications".into(), true.into());
        assert_eq!(
            serde_json::to_string(&manifest).unwrap(),
            r#"{"name":"A \"quoted\" app","display":"standalone","icons":[{"src":"/i.png","type":"image/png","purpose":"maskable"}],"prefer_related_applications":true}"#
        );
    }

    #[test]
    fn iso_strings_match_javascript() {
        let at = |ms: i64| {
            if ms >= 0 {
                UNIX_EPOCH + Duration::from_millis(ms as u64)
            } else {
                UNIX_EPOCH - Duration::from_millis(ms.unsigned_abs())
            }
        };
        assert_eq!(to_iso_string(at(0)), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            to_iso_string(at(951_782_400_123)),
            "2000-02-29T00:00:00.123Z"
        );
        assert_eq!(
            to_iso_string(at(1_735_775_999_999)),
            "2025-01-01T23:59:59.999Z"
        );
        assert_eq!(to_iso_string(at(-1)), "1969-12-31T23:59:59.999Z");
        assert_eq!(
            to_iso_string(at(253_402_300_800_000)),
            "+010000-01-01T00:00:00.000Z"
        );
    }
}

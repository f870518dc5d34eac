//! File name → what the file is to routing: a route, a page, a layout, the not-found
//! page, a metadata file (code or static), an image's alt text, or nothing.

use crate::model::{FileKind, Meta};

/// What a file in the app folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileClass {
    /// A Rust file the router includes: `route.rs`, `page.rs`, `sitemap.rs`, ...
    Code(FileKind),
    /// A file served as is: `favicon.ico`, `icon1.png`, `robots.txt`, ...
    Static {
        meta: Meta,
        /// The extension, lower-case as on disk: `png`.
        ext: String,
    },
    /// `opengraph-image.alt.txt`: the alt text of the image with this stem.
    Alt { stem: String },
    /// A metadata name with an image extension Next.js does not serve for it:
    /// `icon.webp`, `favicon.png`.
    Unsupported { meta: Meta, ext: String },
    /// Anything else: not part of routing.
    Other,
}

/// Extensions that make a metadata name look like an image the user meant to serve.
const IMAGE_EXTS: &[&str] = &[
    "ico", "jpg", "jpeg", "png", "svg", "gif", "webp", "avif", "bmp", "tif", "tiff",
];

/// Classifies a file name.
pub(crate) fn classify(name: &str) -> FileClass {
    let code = match name {
        "route.rs" => Some(FileKind::Route),
        "page.rs" => Some(FileKind::Page),
        "layout.rs" => Some(FileKind::Layout),
        "not-found.rs" => Some(FileKind::NotFound),
        "middleware.rs" => Some(FileKind::Middleware),
        "proxy.rs" => Some(FileKind::Proxy),
        "instrumentation.rs" => Some(FileKind::Instrumentation),
        _ => name
            .strip_suffix(".rs")
            .and_then(split_stem)
            .filter(|m| m.can_be_code())
            .map(FileKind::Metadata),
    };
    if let Some(kind) = code {
        return FileClass::Code(kind);
    }
    if let Some(stem) = name.strip_suffix(".alt.txt") {
        return match split_stem(stem) {
            Some(meta) if meta.has_alt() => FileClass::Alt {
                stem: stem.to_owned(),
            },
            _ => FileClass::Other,
        };
    }
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return FileClass::Other;
    };
    let Some(meta) = split_stem(stem) else {
        return FileClass::Other;
    };
    if meta.static_exts().contains(&ext) {
        FileClass::Static {
            meta,
            ext: ext.to_owned(),
        }
    } else if IMAGE_EXTS.contains(&ext) && (meta.is_image() || meta == Meta::Favicon) {
        FileClass::Unsupported {
            meta,
            ext: ext.to_owned(),
        }
    } else {
        FileClass::Other
    }
}

/// The metadata kind of a static file stem: `icon`, `icon1` (images take one optional
/// digit, as in Next.js), `favicon`, `robots`, ...
fn split_stem(stem: &str) -> Option<Meta> {
    Meta::ALL.into_iter().find(|m| {
        stem == m.base()
            || (m.is_image()
                && stem
                    .strip_prefix(m.base())
                    .is_some_and(|d| d.len() == 1 && d.as_bytes()[0].is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_every_convention() {
        let code = |k| FileClass::Code(k);
        let stat = |meta, ext: &str| FileClass::Static {
            meta,
            ext: ext.to_owned(),
        };
        let cases = [
            ("route.rs", code(FileKind::Route)),
            ("page.rs", code(FileKind::Page)),
            ("layout.rs", code(FileKind::Layout)),
            ("not-found.rs", code(FileKind::NotFound)),
            ("middleware.rs", code(FileKind::Middleware)),
            ("proxy.rs", code(FileKind::Proxy)),
            ("instrumentation.rs", code(FileKind::Instrumentation)),
            ("sitemap.rs", code(FileKind::Metadata(Meta::Sitemap))),
            ("robots.rs", code(FileKind::Metadata(Meta::Robots))),
            ("manifest.rs", code(FileKind::Metadata(Meta::Manifest))),
            ("icon.rs", code(FileKind::Metadata(Meta::Icon))),
            ("apple-icon.rs", code(FileKind::Metadata(Meta::AppleIcon))),
            (
                "opengraph-image.rs",
                code(FileKind::Metadata(Meta::OpenGraphImage)),
            ),
            (
                "twitter-image.rs",
                code(FileKind::Metadata(Meta::TwitterImage)),
            ),
            ("favicon.rs", FileClass::Other),
            ("icon1.rs", code(FileKind::Metadata(Meta::Icon))),
            (
                "opengraph-image2.rs",
                code(FileKind::Metadata(Meta::OpenGraphImage)),
            ),
            ("icon12.rs", FileClass::Other),
            ("sitemap1.rs", FileClass::Other),
            ("helpers.rs", FileClass::Other),
            ("favicon.ico", stat(Meta::Favicon, "ico")),
            ("icon.svg", stat(Meta::Icon, "svg")),
            ("icon3.png", stat(Meta::Icon, "png")),
            ("apple-icon.jpg", stat(Meta::AppleIcon, "jpg")),
            ("opengraph-image.gif", stat(Meta::OpenGraphImage, "gif")),
            ("twitter-image2.jpeg", stat(Meta::TwitterImage, "jpeg")),
            ("robots.txt", stat(Meta::Robots, "txt")),
            ("sitemap.xml", stat(Meta::Sitemap, "xml")),
            ("manifest.json", stat(Meta::Manifest, "json")),
            ("manifest.webmanifest", stat(Meta::Manifest, "webmanifest")),
            (
                "opengraph-image.alt.txt",
                FileClass::Alt {
                    stem: "opengraph-image".into(),
                },
            ),
            (
                "twitter-image1.alt.txt",
                FileClass::Alt {
                    stem: "twitter-image1".into(),
                },
            ),
            ("icon.alt.txt", FileClass::Other),
            (
                "icon.webp",
                FileClass::Unsupported {
                    meta: Meta::Icon,
                    ext: "webp".into(),
                },
            ),
            (
                "favicon.png",
                FileClass::Unsupported {
                    meta: Meta::Favicon,
                    ext: "png".into(),
                },
            ),
            (
                "opengraph-image.svg",
                FileClass::Unsupported {
                    meta: Meta::OpenGraphImage,
                    ext: "svg".into(),
                },
            ),
            ("icon12.png", FileClass::Other),
            ("icons.png", FileClass::Other),
            ("robots.md", FileClass::Other),
            ("README.md", FileClass::Other),
        ];
        for (name, want) in cases {
            assert_eq!(classify(name), want, "{name}");
        }
    }
}

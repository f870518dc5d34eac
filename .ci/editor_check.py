#!/usr/bin/env python3
"""The editor story, checked headless with rust-analyzer on a fixture crate
(tests/fixtures/build-app, copied to target/editor-check):

(a) a type error planted in a route file is reported at that file and line;
(b) it is still reported while another folder of the tree has an AR error (the build
    script fails soft), and the AR error is reported too.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "target" / "editor-check" / "app"
ROUTE = "app/api/items/[id]/route.rs"


def fail(message: str, output: str = "") -> None:
    print(f"editor check FAILED: {message}\n{output[-4000:]}", file=sys.stderr)
    sys.exit(1)


def diagnostics() -> list[str]:
    env = dict(os.environ, CARGO_TARGET_DIR=str(ROOT / "target" / "fixture-builds"))
    run = subprocess.run(
        ["rust-analyzer", "diagnostics", str(APP)],
        cwd=APP, env=env, capture_output=True, text=True, timeout=900,
    )
    text = (run.stdout + run.stderr).replace("\r", "\n")
    return [
        line[line.index("at crate "):]
        for line in text.splitlines()
        if "at crate fixture_build_app" in line and "inactive-code" not in line
    ]


def main() -> None:
    shutil.rmtree(APP, ignore_errors=True)
    shutil.copytree(ROOT / "tests" / "fixtures" / "build-app", APP)
    manifest = (APP / "Cargo.toml.in").read_text().replace("@WORKSPACE@", str(ROOT))
    (APP / "Cargo.toml").write_text(manifest)
    shutil.copy(ROOT / "Cargo.lock", APP / "Cargo.lock")
    route = APP / ROUTE
    text = route.read_text() + '\npub fn planted() -> u32 {\n    "not a number"\n}\n'
    route.write_text(text)
    line = text.splitlines().index('    "not a number"')  # 0-based, as rust-analyzer prints
    planted = re.compile(
        re.escape(f"file {route}: Error RustcHardError(\"E0308\") from LineCol {{ line: {line}, col: 4 }}")
    )

    found = diagnostics()
    if not any(planted.search(d) for d in found):
        fail(f"(a) the planted type error is not reported at {ROUTE}:{line + 1}", "\n".join(found))
    print(f"editor check (a): type error reported at {ROUTE}:{line + 1}")

    for folder in ["app/blog/[a]", "app/blog/[b]/x"]:
        (APP / folder).mkdir(parents=True, exist_ok=True)
        (APP / folder / "route.rs").write_text("pub async fn GET() -> &'static str {\n    \"x\"\n}\n")
    found = diagnostics()
    if not any(planted.search(d) for d in found):
        fail(f"(b) with an AR103 tree, the type error is not reported at {ROUTE}:{line + 1}", "\n".join(found))
    if not any("[AR103] different parameter names at the same position `/blog/`" in d for d in found):
        fail("(b) the AR103 error is not reported", "\n".join(found))
    print(f"editor check (b): with AR103 in app/blog, still reported at {ROUTE}:{line + 1}, and AR103 too")


if __name__ == "__main__":
    main()

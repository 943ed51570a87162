"""Reading documents: encoding repair, Markdown structure, sentences and their offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.errors import SourceError
from policykg.sources import find_sources, read_document, read_text
from policykg.sources.sentences import split_sentences

from .conftest import SOURCES


def sentences_of(text: str, markdown: bool = True) -> list[str]:
    return [s.text for s in read_text(text, markdown=markdown).sentences]


def test_split_sentences_keeps_abbreviations_and_initials_together():
    text = "Gen. Smith met the U.S. delegation, e.g. Dr. Khan. Then they left! Did they? Yes."
    spans = [text[b:e] for b, e in split_sentences(text)]
    assert spans == [
        "Gen. Smith met the U.S. delegation, e.g. Dr. Khan.",
        "Then they left!",
        "Did they?",
        "Yes.",
    ]


def test_split_sentences_does_not_split_decimals_or_lower_case_continuations():
    text = "Spending rose 3.5 percent in 2020. the rest is unchanged vs. last year."
    assert [text[b:e] for b, e in split_sentences(text)] == [text]


def test_reader_headings_and_enumerated_headings_are_one_unit_each():
    doc = read_text("# Title Here\n\n### 1. Diplomacy\nDiplomacy comes first. It works.\n")
    assert [(s.kind, s.text) for s in doc.sentences] == [
        ("heading", "Title Here"),
        ("heading", "1. Diplomacy"),
        ("paragraph", "Diplomacy comes first."),
        ("paragraph", "It works."),
    ]
    assert doc.title == "Title Here"
    assert doc.sentences[2].section == "1. Diplomacy"


def test_reader_numbered_and_bulleted_list_items_drop_their_markers():
    doc = read_text(
        "Benefits:\n\n1. It empowers defence\n2. It deters attacks\n\n- Bullet one. Two.\n"
    )
    items = [s.text for s in doc.sentences if s.kind == "item"]
    assert items == ["It empowers defence", "It deters attacks", "Bullet one.", "Two."]


def test_reader_offsets_point_into_the_repaired_text_for_every_sentence():
    text = "---\nid: x\n---\n# T\n\n> Quoted text here. And more\n> on a second line.\n\n* item\n"
    doc = read_text(text)
    assert doc.meta == {"id": "x"}
    for s in doc.sentences:
        assert doc.text[s.begin : s.end] == s.text
    assert "And more\n> on a second line." in [s.text for s in doc.sentences]


def test_reader_repairs_mojibake_and_counts_the_repairs():
    doc = read_text("The countryâ€™s paramount interest â€” safety.")
    assert doc.text == "The country’s paramount interest — safety."
    assert doc.repairs > 0
    assert "â€" not in doc.sentences[0].text


def test_reader_skips_code_blocks_and_reads_tables():
    doc = read_text(
        "Intro.\n\n```\nnot prose. Really.\n```\n\n| a | b |\n|---|---|\n| NATO | UN |\n"
    )
    texts = [s.text for s in doc.sentences]
    assert "not prose." not in " ".join(texts)
    assert "NATO" in texts and "UN" in texts


def test_reader_reads_the_prose_of_raw_html_and_never_its_code_or_comments():
    text = (
        'Intro.\n\n<div class="box">\n<p>Turkey joined NATO.</p><p>Egypt <b>signed</b> the'
        " pact.</p>\n<h2>Gulf ties</h2>\n</div>\n\n<!-- Iran is hidden. -->\n\n<script>\nvar x ="
        ' "Iraq attacked.";\n</script>\n\n<style>p { color: red }</style>\n\n<pre>\nSyria\n</pre>\n'
    )
    doc = read_text(text)
    got = [(s.text, s.kind) for s in doc.sentences]
    assert got == [
        ("Intro.", "paragraph"),
        ("Turkey joined NATO.", "paragraph"),
        ("Egypt <b>signed</b> the pact.", "paragraph"),
        ("Gulf ties", "heading"),
    ]
    assert doc.sentences[-1].section == "Gulf ties"
    for s in doc.sentences:
        assert doc.text[s.begin : s.end] == s.text


def test_reader_plain_text_paragraphs_are_separated_by_blank_lines():
    doc = read_text("First para. Second sentence.\n\nNew para.", markdown=False)
    assert [s.text for s in doc.sentences] == ["First para.", "Second sentence.", "New para."]


def test_read_document_rejects_binary_and_locates_bad_utf8(tmp_path: Path):
    binary = tmp_path / "bin.md"
    binary.write_bytes(b"abc\x00def")
    with pytest.raises(SourceError) as err:
        read_document(binary)
    assert "error[S003]" in str(err.value)
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"line one\nCaf\xe9 au lait\n")
    with pytest.raises(SourceError) as err:
        read_document(latin)
    assert str(err.value).endswith(
        "latin.md:2:4: error[S002]: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    )


def test_find_sources_missing_path_is_a_located_error(tmp_path: Path):
    with pytest.raises(SourceError) as err:
        find_sources([tmp_path / "nope"])
    assert "error[S001]: no such file or folder" in str(err.value)


def test_sample_corpus_keeps_the_seed_text_as_delivered():
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.fail(f"the shared seeds are expected beside the repository at {seeds}")
    delivered = {p.read_bytes() for p in seeds.iterdir()}
    for path in sorted(SOURCES.glob("*.md")):
        raw = path.read_bytes()
        front, _, body = raw.partition(b"\n---\n")
        assert front.startswith(b"---\nid: ")
        assert body in delivered, path.name


def test_sample_corpus_mojibake_is_repaired_on_reading():
    damaged = [p for p in SOURCES.glob("*.md") if "â€" in p.read_text(encoding="utf-8")]
    assert len(damaged) == 2
    for path in damaged:
        doc = read_document(path)
        assert "â€" not in doc.text and doc.repairs > 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_reader_never_raises_and_offsets_always_match(text: str):
    doc = read_text(text)
    for s in doc.sentences:
        assert doc.text[s.begin : s.end] == s.text
        assert s.text == s.text.strip()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "# Head",
                "## 2. Sub",
                "Plain words here.",
                "- item one",
                "1. first",
                "> quote.",
                "",
                "Dr. Who went. He left!",
                "| x | y |",
                "```",
                "code",
                "---",
                "   indented",
                "<div>",
                "<p>Turkey joined NATO.</p><p>Egypt <b>too</b>.</p>",
                "<!-- hidden. -->",
                "<script>var a = 'No.';</script>",
                "</div>",
                "<h3>Title</h3>",
            ]
        ),
        max_size=25,
    )
)
def test_reader_markdown_structures_keep_offsets_exact(lines: list[str]):
    doc = read_text("\n".join(lines))
    for s in doc.sentences:
        assert doc.text[s.begin : s.end] == s.text

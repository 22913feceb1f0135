"""RIS syntax: tag lines, continuation lines, record boundaries, stray text and tags."""

from __future__ import annotations

from conftest import codes, corpus_path, read_text


def test_canonical_record() -> None:
    records, problems = read_text("TY  - JOUR\nTI  - A title\nAU  - Doe, Jane\nER  - \n")
    assert problems == []
    assert len(records) == 1
    assert records[0].title == "A title"
    assert [r.tag for r in records[0].raw] == ["TY", "TI", "AU", "ER"]
    assert [r.line for r in records[0].raw] == [1, 2, 3, 4]


def test_one_space_before_dash_is_read_with_one_warning() -> None:
    records, problems = read_text("TY - JOUR\nTI - Title\nER -\n")
    assert records[0].title == "Title"
    assert codes(problems) == ["RIS016"]
    assert problems[0].line == 1


def test_no_space_after_dash_and_three_spaces_before() -> None:
    records, _ = read_text("TY   -JOUR\nTI   -Title\nER  -")
    assert records[0].type == "article-journal"
    assert records[0].title == "Title"


def test_lower_case_tags_are_read_with_a_warning() -> None:
    records, problems = read_text("ty  - JOUR\nti  - Title\ner  - \n")
    assert records[0].title == "Title"
    assert codes(problems) == ["RIS011"]


def test_four_letter_vendor_tag_is_kept_raw() -> None:
    records, _ = read_text("TY  - JOUR\nTI  - T\nPMID  - 33355555\nER  - \n")
    assert records[0].pmid == "33355555"
    assert ("PMID", "33355555", 3) in [(r.tag, r.value, r.line) for r in records[0].raw]


def test_empty_tag_is_an_empty_value_not_glued_to_its_neighbour() -> None:
    records, _ = read_text("TY  - JOUR\nTI  - Title\nSP  -\nEP  - 12\nER  -\n")
    record = records[0]
    assert record.title == "Title"
    assert ("SP", "") in [(r.tag, r.value) for r in record.raw]
    assert record.page == "12"


def test_wrapped_title_and_abstract_are_joined() -> None:
    text = ("TY  - JOUR\nTI  - A title that\n   goes on\nAB  - First line\nsecond line\n\n"
            "new paragraph\nER  - \n")
    records, problems = read_text(text)
    assert problems == []
    assert records[0].title == "A title that goes on"
    assert records[0].abstract == "First line\nsecond line\n\nnew paragraph"


def test_keyword_continuation_lines_are_separate_keywords() -> None:
    records, _ = read_text("TY  - JOUR\nTI  - T\nKW  - alpha\nbeta\ngamma; delta\nER  - \n")
    assert records[0].keywords == ("alpha", "beta", "gamma", "delta")


def test_last_record_without_er_is_kept_with_a_warning() -> None:
    records, problems = read_text("TY  - JOUR\nTI  - One\nER  - \nTY  - JOUR\nTI  - Two\n")
    assert [r.title for r in records] == ["One", "Two"]
    assert [(d.code, d.line) for d in problems] == [("RIS012", 4)]


def test_ty_inside_a_record_closes_it_with_a_warning() -> None:
    records, problems = read_text("TY  - JOUR\nTI  - One\nTY  - BOOK\nTI  - Two\nER  - \n")
    assert [(r.type, r.title) for r in records] == [("article-journal", "One"), ("book", "Two")]
    assert [(d.code, d.line) for d in problems] == [("RIS012", 1)]


def test_er_without_a_record_is_skipped_with_a_warning() -> None:
    records, problems = read_text("ER  - \nTY  - JOUR\nTI  - One\nER  - \n")
    assert len(records) == 1
    assert [(d.code, d.line) for d in problems] == [("RIS013", 1)]


def test_text_outside_records_is_skipped_once_per_block() -> None:
    # "Database: X" is a web export's header (exporters.FRAMES), in the block "Exported..." opens.
    text = ("Exported by Example\nDatabase: X\n\nTY  - JOUR\nTI  - One\nER  - \n"
            "Link to the full text\n2.\nTY  - JOUR\nTI  - Two\nER  - \n")
    records, problems = read_text(text)
    assert [r.title for r in records] == ["One", "Two"]
    assert [(d.code, d.line) for d in problems] == [("RIS010", 1), ("RIS010", 7)]


def test_orphan_tags_with_a_title_are_recovered_as_generic_record() -> None:
    records, problems = read_text("TI  - Lost its TY\nAU  - Doe, J\nER  - \nTY  - JOUR\nTI  - B\nER  - \n")
    assert [(r.type, r.title) for r in records] == [("document", "Lost its TY"), ("article-journal", "B")]
    assert records[0].source.line == 1
    assert [(d.code, d.line) for d in problems] == [("RIS015", 1)]


def test_orphan_tags_without_a_title_are_reported_and_skipped() -> None:
    records, problems = read_text("TY  - JOUR\nTI  - A\nER  - \nKW  - 12345\nTY  - JOUR\nTI  - B\nER  - \n")
    assert [r.title for r in records] == ["A", "B"]
    assert [(d.code, d.line) for d in problems] == [("RIS014", 4)]


def test_blank_lines_never_end_a_record() -> None:
    records, _ = read_text("\n\nTY  - JOUR\n\nTI  - T\n\nAU  - Doe, J\nER  - \n")
    assert len(records) == 1
    assert records[0].names("author")[0].family == "Doe"


def test_empty_and_whitespace_only_inputs_give_no_records_and_a_warning() -> None:
    for text in ("", "   \n\n\t\n"):
        records, problems = read_text(text)
        assert records == []
        assert codes(problems) == ["RIS007"]


def test_unknown_type_reads_as_document_with_a_warning() -> None:
    records, problems = read_text("TY  - WHATEVER\nTI  - T\nER  - \n")
    assert records[0].type == "document"
    assert codes(problems) == ["RIS020"]


def test_vendor_type_spellings() -> None:
    for spelling, expected in (("JOURN", "article-journal"), ("Journal Article", "article-journal"),
                               ("Chap", "chapter"), ("WEB", "webpage"), ("ELEC", "webpage")):
        records, problems = read_text(f"TY  - {spelling}\nTI  - T\nER  - \n")
        assert records[0].type == expected, spelling
        assert problems == []


def test_unknown_tags_are_kept_as_unmapped_values_with_lines() -> None:
    records, problems = read_text("TY  - JOUR\nTI  - T\nZZ  - one\nZZ  - two\nER  - \n")
    assert [(r.tag, r.value, r.line) for r in records[0].unmapped] == [("ZZ", "one", 3), ("ZZ", "two", 4)]
    assert [(d.code, d.line) for d in problems] == [("RIS024", 3)]


def test_seed_record_reads_despite_one_space_dashes_and_wrapped_note() -> None:
    data = corpus_path("seed", "troup2022-pure-export.ris").read_bytes()
    records, problems = read_text(data)
    assert len(records) == 1
    record = records[0]
    assert record.notes[0].startswith("Funding Information:\nThis paper presents")
    assert "Publisher Copyright:\nCopyright: © 2022 Troup et al." in record.notes[0]
    assert all(d.line is not None for d in problems)

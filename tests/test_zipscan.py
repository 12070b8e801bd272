"""factx.zipscan reads what zipfile reads (names, sizes, CRCs, bytes, zip64, prepended data),
refuses what zipfile refuses, and holds one directory entry at a time; factx.batch reads zips
through it with the same records, and a member it cannot read is that member's problem only."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from factx import batch
from factx.rules import load_rules
from factx.zipscan import ZipScan

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.md"))
# Python 3.11.8+ fills it in to refuse overlapping members, from every member's offset sorted: a
# scan cannot. Any other field that zipfile fills in and the scan does not fails these tests.
NOT_SCANNED = {"_end_offset"}


def fields(info: zipfile.ZipInfo) -> dict[str, object]:
    return {s: getattr(info, s, None) for s in zipfile.ZipInfo.__slots__ if s not in NOT_SCANNED}


def same_as_zipfile(path: Path, **kwargs: str) -> list[zipfile.ZipInfo]:
    """The scan's members, checked field by field and byte by byte against zipfile's."""
    with zipfile.ZipFile(path, **kwargs) as zf, ZipScan(path, **kwargs) as zs:
        scanned = list(zs.members())
        assert [fields(i) for i in scanned] == [fields(i) for i in zf.infolist()]
        assert [zs.read(i) for i in scanned] == [zf.read(i) for i in zf.infolist()]
        assert zs.comment == zf.comment
    return scanned


def write(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED, **zip64: bool) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            with zf.open(name, "w", **zip64) as f:
                f.write(data)
    return path


def patch(path: Path, old: bytes, new: bytes, count: int = -1) -> None:
    data = path.read_bytes()
    assert data.count(old) >= (count if count > 0 else 1)
    path.write_bytes(data.replace(old, new, count))


NEWS = {
    "week/": b"",
    "week/上海/出口.md": "今年前三季度，上海市进出口总值达3.17万亿元。".encode(),
    "week/empty.md": b"",
    "week/big.md": "增长5%，".encode() * 20_000,
}


@pytest.mark.parametrize(
    "method",
    [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA],
    ids=["stored", "deflated", "bzip2", "lzma"],
)
def test_each_compression_method_reads_as_zipfile_reads_it(tmp_path: Path, method: int) -> None:
    path = write(tmp_path / "a.zip", NEWS, method)
    with zipfile.ZipFile(path, "a") as zf:
        zf.comment = "周报 weekly".encode()
    infos = same_as_zipfile(path)
    assert [i.filename for i in infos] == list(NEWS)
    assert {i.compress_type for i in infos if not i.is_dir()} == {method}
    assert infos[1].flag_bits & 0x800  # the UTF-8 name flag


@pytest.mark.parametrize(("encoding", "name"), [(None, "出口.md".encode("gbk").decode("cp437")), ("gbk", "出口.md")])
def test_a_name_without_the_utf8_flag_is_cp437_or_the_encoding_given(
    tmp_path: Path, encoding: str | None, name: str
) -> None:
    path = write(tmp_path / "a.zip", {"abcd.md": "出口".encode()})
    patch(path, b"abcd.md", "出口.md".encode("gbk"))  # as a Chinese Windows tool writes it
    kwargs = {"metadata_encoding": encoding} if encoding else {}
    assert [i.filename for i in same_as_zipfile(path, **kwargs)] == [name]


def test_an_empty_archive_has_no_members(tmp_path: Path) -> None:
    path = tmp_path / "empty.zip"
    zipfile.ZipFile(path, "w").close()
    assert same_as_zipfile(path) == []


def test_zip64_sizes_offsets_and_end_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Lowered limits make zipfile write what it writes past 4 GB or 65,535 members: zip64
    # sizes and offsets in the directory's extra fields, and a zip64 end record.
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 100)
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)
    path = write(tmp_path / "64.zip", NEWS, force_zip64=True)
    monkeypatch.undo()
    assert b"PK\x06\x06" in path.read_bytes()
    infos = same_as_zipfile(path)
    assert infos[2].extra.startswith(b"\x01\x00\x08\x00")  # zip64 field: the header offset
    assert infos[3].extra.startswith(b"\x01\x00\x18\x00")  # both sizes and the header offset
    assert infos[3].file_size == len(NEWS["week/big.md"])


def build(path: Path, count: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for i in range(count):
            zf.writestr(f"{i // 5:05d}/weekly-digest-{i % 5}.md", b"x")
    return path


def test_over_65535_members_make_a_zip64_archive(tmp_path: Path) -> None:
    path = build(tmp_path / "many.zip", 65_540)
    assert b"PK\x06\x06" in path.read_bytes()[-200:]  # the zip64 end record
    assert len(same_as_zipfile(path)) == 65_540


@pytest.mark.parametrize("zip64", [False, True])
def test_data_before_the_archive_like_a_self_extractor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zip64: bool
) -> None:
    if zip64:
        monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 100)
    plain = write(tmp_path / "plain.zip", NEWS, force_zip64=zip64)
    monkeypatch.undo()
    stub = b'#!/bin/sh\nexec unzip "$0"\n' + bytes(range(256)) * 40
    path = tmp_path / "sfx.zip"
    path.write_bytes(stub + plain.read_bytes())
    with ZipScan(plain) as zs:
        offsets = [i.header_offset for i in zs.members()]
    assert [i.header_offset for i in same_as_zipfile(path)] == [o + len(stub) for o in offsets]


def damage(path: Path) -> None:
    data = path.read_bytes()
    second = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 1)
    path.write_bytes(data[:second] + b"PK\x01\x09" + data[second + 4 :])


@pytest.mark.parametrize(
    ("harm", "message"),
    [
        (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), "File is not a zip file"),
        (lambda p: p.write_bytes(b"not a zip, just text\n" * 10), "File is not a zip file"),
        (damage, "Bad magic number for central directory"),
    ],
    ids=["truncated", "not-a-zip", "bad-directory-entry"],
)
def test_a_damaged_archive_raises_bad_zip_file(tmp_path: Path, harm: Callable[[Path], None], message: str) -> None:
    path = write(tmp_path / "a.zip", NEWS)
    harm(path)
    with pytest.raises(zipfile.BadZipFile) as raised:
        zipfile.ZipFile(path).infolist()
    seen: list[str] = []
    with pytest.raises(zipfile.BadZipFile, match=message), ZipScan(path) as zs:
        seen.extend(i.filename for i in zs.members())
    assert message in str(raised.value)
    assert seen == (["week/"] if harm is damage else [])  # the entries before the damage


def test_a_member_whose_local_name_differs_from_the_directory_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "a.zip", {"good.md": b"ok", "evil.md": b"x"})
    patch(path, b"evil.md", b"evil.sh", count=1)  # the local header comes first
    with ZipScan(path) as zs:
        good, evil = zs.members()
        assert zs.read(good) == b"ok"
        with pytest.raises(zipfile.BadZipFile, match="differ"):
            zs.open(evil)


def test_the_directory_is_not_read_at_open_and_only_reading_is_allowed(tmp_path: Path) -> None:
    # ZipScan replaces ZipFile._RealGetContents: if a Python stopped calling it, filelist fills.
    path = write(tmp_path / "a.zip", NEWS)
    with ZipScan(path) as zs:
        assert zs.filelist == [] and zs.NameToInfo == {}
        assert len(list(zs.members())) == len(NEWS)
    before = path.read_bytes()
    with pytest.raises(ValueError, match="only reads"):
        ZipScan(path, "a")
    assert path.read_bytes() == before


def traced_peak(read: Callable[[], None]) -> int:
    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_walking_the_directory_holds_one_entry_at_a_time(tmp_path: Path) -> None:
    path = build(tmp_path / "20k.zip", 20_000)

    def scan() -> None:
        with ZipScan(path) as zs:
            assert sum(1 for _ in zs.members()) == 20_000

    def whole() -> None:
        with zipfile.ZipFile(path) as zf:
            assert len(zf.infolist()) == 20_000

    scanned, held = traced_peak(scan), traced_peak(whole)
    assert held > 10_000_000  # ~0.6 KB a member
    assert scanned < held / 5 and scanned < 1_000_000


# ---------------------------------------------------------------- through factx.batch


def members_of(path: Path, limits: batch.Limits | None = None) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    names = [s.name for s in batch.iter_sources([str(path)], Counter(), problems, limits)]
    return names, problems


def edit_bad_md(path: Path, edit: Callable[[bytearray, int, int], None]) -> None:
    """Edits bad.md's local header and directory entry, found by its name: 30 bytes into the
    first, which comes first in the file, 46 bytes into the second."""
    data = bytearray(path.read_bytes())
    local = data.index(b"bad.md") - 30
    edit(data, local, data.index(b"bad.md", local + 31) - 46)
    path.write_bytes(bytes(data))


def set_flag(path: Path, bit: int) -> None:
    def edit(data: bytearray, local: int, entry: int) -> None:
        for at in (local + 6, entry + 8):
            struct.pack_into("<H", data, at, struct.unpack_from("<H", data, at)[0] | bit)

    edit_bad_md(path, edit)


def deflate64(path: Path) -> None:  # a method zipfile cannot read
    def edit(data: bytearray, local: int, entry: int) -> None:
        struct.pack_into("<H", data, local + 8, 9)
        struct.pack_into("<H", data, entry + 10, 9)

    edit_bad_md(path, edit)


def local_name_not_utf8(path: Path) -> None:
    set_flag(path, 0x800)
    patch(path, b"bad.md", b"bad\xff.d", count=1)


def corrupt_bytes(path: Path) -> None:
    patch(path, "出口增长6%。".encode(), "出口增长9%。".encode())


@pytest.mark.parametrize(
    ("harm", "why"),
    [
        (lambda p: set_flag(p, 0x1), "encrypted"),
        (deflate64, "compression method 9 (deflate64) is not supported"),
        (lambda p: set_flag(p, 0x20), "not supported (compressed patched data (flag bit 5))"),
        (corrupt_bytes, "damaged (Bad CRC-32 for file 'bad.md')"),
        (lambda p: patch(p, b"bad.md", b"bad.sh", count=1), "damaged (File name in directory 'bad.md' and header"),
        (local_name_not_utf8, "damaged ('utf-8' codec can't decode byte 0xff"),
    ],
    ids=["encrypted", "deflate64", "patched-data", "bad-crc", "local-name", "local-name-not-utf8"],
)
def test_a_member_that_cannot_be_read_is_a_problem_and_the_others_are_read(
    tmp_path: Path, harm: Callable[[Path], None], why: str
) -> None:
    path = write(
        tmp_path / "a.zip",
        {"a.md": "出口增长5%。".encode(), "bad.md": "出口增长6%。".encode(), "c.md": "出口增长7%。".encode()},
        zipfile.ZIP_STORED,
    )
    harm(path)
    names, problems = members_of(path)
    assert names == [f"{path}:a.md", f"{path}:c.md"]
    assert len(problems) == 1 and problems[0].startswith(f"{path}:bad.md: skipped, {why}")


def test_the_member_limit_is_counted_while_walking(tmp_path: Path) -> None:
    path = write(tmp_path / "a.zip", NEWS)
    names, problems = members_of(path, batch.Limits(max_members=2))
    assert names == [f"{path}:week/上海/出口.md"]
    assert problems == [f"{path}: over 2 members; the rest is not read"]


def test_a_damaged_directory_is_a_problem_after_the_members_before_it(tmp_path: Path) -> None:
    path = write(tmp_path / "a.zip", {"a.md": "出口增长5%。".encode(), "b.md": b"x"})
    damage(path)
    names, problems = members_of(path)
    assert names == [f"{path}:a.md"]
    assert problems == [f"{path}: not a readable archive (Bad magic number for central directory)"]


def test_a_directory_name_that_is_not_utf8_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path / "a.zip", {"a.md": "出口增长5%。".encode(), "出口.md": b"x"})
    data = path.read_bytes()
    entry = data.rindex("出口.md".encode())
    path.write_bytes(data[:entry] + b"\xff" + data[entry + 1 :])  # the directory's copy of the name
    with pytest.raises(UnicodeDecodeError):
        zipfile.ZipFile(path)
    names, problems = members_of(path)
    assert names == [f"{path}:a.md"]
    assert problems == [
        f"{path}: not a readable archive (Bad member name ('utf-8' codec can't decode byte 0xff in position 0:"
        " invalid start byte))"
    ]


def test_records_of_a_zip_are_those_of_its_members_read_by_zipfile(tmp_path: Path) -> None:
    path = tmp_path / "news.zip"
    methods = [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("week/", b"")
        for i, p in enumerate(SAMPLES):
            zf.writestr(f"week/{p.name}", p.read_bytes(), compress_type=methods[i % 4])
        link = zipfile.ZipInfo("link.md")
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("../escape.md", "出口增长5%。")
    with zipfile.ZipFile(path) as zf:  # what batch read before zipscan: zipfile's members
        texts = [i for i in zf.infolist() if i.filename.startswith("week/") and not i.is_dir()]
        expected = [batch.Source(f"{path}:{i.filename}", data=zf.read(i)) for i in texts]
    problems: list[str] = []
    sources = list(batch.iter_sources([str(path)], Counter(), problems))
    assert sources == expected
    assert problems == [
        f"{path}:link.md: skipped, a link",
        f"{path}:../escape.md: skipped, a member name outside the archive",
    ]
    rules, opts = load_rules(), batch.Options()
    records = [o.result for o in batch.run(sources, opts, rules=rules)]
    assert records == [o.result for o in batch.run(expected, opts, rules=rules)]
    assert sum(len(r.facts) for r in records) > 0

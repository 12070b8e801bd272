"""A zip archive's members one at a time, in memory that does not grow with their number.

`zipfile.ZipFile` reads the whole central directory into ZipInfo objects when it opens an
archive (about 0.6 KB a member: 67,585 news items are ~40 MB). `ZipScan` only locates the
directory (end-of-central-directory record, zip64 locator and record, PKWARE APPNOTE 4.3.14-16)
and `members()` then walks it through a small buffer, yielding one ZipInfo at a time, filled in
as zipfile fills it. Members are read with the standard `ZipScan.open(info)`, which checks the
local header against the directory, the CRC and encryption as for any ZipFile.

Unlike zipfile, a member needing a zip version above 6.3 is not refused here (its compression
method still is, when it is read), and overlapping members are not detected (Python 3.11.8+
sorts every member's offset for that; the caller's size and ratio limits bound such a bomb).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import IO, NamedTuple

END = struct.Struct("<4s4H2LH")  # end of central directory record
END_SIG = b"PK\x05\x06"
LOCATOR = struct.Struct("<4sLQL")  # zip64 end of central directory locator
LOCATOR_SIG = b"PK\x06\x07"
END64 = struct.Struct("<4sQ2H2L4Q")  # zip64 end of central directory record
END64_SIG = b"PK\x06\x06"
ENTRY = struct.Struct("<4s4B4HL2L5H2L")  # central directory file header
ENTRY_SIG = b"PK\x01\x02"
MAX_COMMENT = 0xFFFF
MAX32 = 0xFFFF_FFFF  # a 32-bit field whose value is in the zip64 extra field
UTF8_NAME = 0x800  # general purpose flag bit 11
ZIP64_EXTRA = 0x0001
CHUNK = 64 * 1024  # bytes of the directory read at once


class ZipScan(zipfile.ZipFile):
    """A ZipFile opened for reading that holds no member list: `filelist` stays empty, members
    come from `members()` and are opened by their ZipInfo, not by name."""

    def _RealGetContents(self) -> None:
        # The one private method relied on: ZipFile.__init__ calls it to read the whole directory
        # in mode "r". test_zipscan fails if it is no longer called (filelist would fill up).
        if self.mode != "r":  # mode "a" calls it too, and would rewrite the archive with no members
            raise ValueError("ZipScan only reads")
        assert self.fp is not None
        self.comment, self._dir_start, self._dir_size, self._concat = _locate_directory(self.fp)

    def members(self) -> Iterator[zipfile.ZipInfo]:
        """Every central directory entry in order, parsed as it is reached. A damaged directory
        raises BadZipFile at the entry where the damage is, after the members before it."""
        assert self.fp is not None
        # ZipFile's lock (private) guards the shared file object, as in its own member reads
        cursor = _Cursor(self.fp, self._lock, self._dir_start, self._dir_size)
        while not cursor.done():
            yield self._entry(cursor)

    def _entry(self, cursor: _Cursor) -> zipfile.ZipInfo:
        h = _Header._make(ENTRY.unpack(cursor.read(ENTRY.size)))
        if h.signature != ENTRY_SIG:
            raise zipfile.BadZipFile("Bad magic number for central directory")
        encoding = "utf-8" if h.flag_bits & UTF8_NAME else self.metadata_encoding or "cp437"
        try:
            name = cursor.read(h.name_len).decode(encoding)
        except UnicodeDecodeError as e:  # zipfile lets it out: an archive's damage is BadZipFile here
            raise zipfile.BadZipFile(f"Bad member name ({e})") from None
        info = zipfile.ZipInfo(name)  # cut at a NUL as zipfile does; orig_filename keeps it whole
        info.extra = cursor.read(h.extra_len)
        info.comment = cursor.read(h.comment_len)
        info.create_version, info.create_system = h.create_version, h.create_system
        info.extract_version, info.reserved, info.flag_bits = h.extract_version, h.reserved, h.flag_bits
        info.compress_type, info.CRC = h.compress_type, h.crc
        info.volume, info.internal_attr, info.external_attr = h.volume, h.internal_attr, h.external_attr
        t, d = h.time, h.date
        info.date_time = ((d >> 9) + 1980, (d >> 5) & 0xF, d & 0x1F, t >> 11, (t >> 5) & 0x3F, (t & 0x1F) * 2)
        info._raw_time = t  # a private slot: zipfile's password check of an encrypted member reads it
        info.file_size, info.compress_size, offset = _zip64_values(
            info.extra, h.file_size, h.compress_size, h.header_offset
        )
        info.header_offset = offset + self._concat
        return info


class _Header(NamedTuple):
    """A central directory file header's fixed part (APPNOTE 4.3.12), as ENTRY unpacks it."""

    signature: bytes
    create_version: int
    create_system: int
    extract_version: int
    reserved: int
    flag_bits: int
    compress_type: int
    time: int
    date: int
    crc: int
    compress_size: int
    file_size: int
    name_len: int
    extra_len: int
    comment_len: int
    volume: int
    internal_attr: int
    external_attr: int
    header_offset: int


class _Cursor:
    """Reads the directory front to back in CHUNK reads. It keeps its own position: the
    archive's file object is shared with the members being read, which seek it elsewhere."""

    def __init__(self, fp: IO[bytes], lock: AbstractContextManager[object], start: int, size: int) -> None:
        self._fp, self._lock = fp, lock
        self._pos, self._end = start, start + size
        self._buf = memoryview(b"")

    def done(self) -> bool:
        return not self._buf and self._pos >= self._end

    def read(self, n: int) -> bytes:
        while len(self._buf) < n and self._pos < self._end:
            with self._lock:
                self._fp.seek(self._pos)
                chunk = self._fp.read(min(CHUNK, self._end - self._pos))
            if not chunk:
                break
            self._pos += len(chunk)
            self._buf = memoryview(bytes(self._buf) + chunk)
        if len(self._buf) < n:
            raise zipfile.BadZipFile("Truncated central directory")
        out, self._buf = bytes(self._buf[:n]), self._buf[n:]
        return out


def _locate_directory(fp: IO[bytes]) -> tuple[bytes, int, int, int]:
    """(archive comment, directory start, directory size, bytes before the archive), found from
    the end record as zipfile finds it, and from the zip64 record before it if there is one."""
    size = fp.seek(0, 2)
    tail_start = max(size - MAX_COMMENT - END.size, 0)
    fp.seek(tail_start)
    tail = fp.read()
    at = len(tail) - END.size  # no comment: the record ends the file
    if at < 0 or tail[at : at + 4] != END_SIG or tail[-2:] != b"\0\0":
        at = tail.rfind(END_SIG)  # a comment follows the record
    if at < 0 or len(tail) - at < END.size:
        raise zipfile.BadZipFile("File is not a zip file")
    *_, dir_size, dir_offset, comment_len = END.unpack_from(tail, at)
    comment = tail[at + END.size : at + END.size + comment_len]
    end_at = tail_start + at
    zip64 = _zip64_end(fp, end_at)
    if zip64 is not None:
        dir_size, dir_offset = zip64
        end_at -= LOCATOR.size + END64.size
    concat = end_at - dir_size - dir_offset  # data prepended to the archive, as in a self-extractor
    if dir_offset + concat < 0:
        raise zipfile.BadZipFile("Bad offset for central directory")
    return comment, dir_offset + concat, dir_size, concat


def _zip64_end(fp: IO[bytes], end_at: int) -> tuple[int, int] | None:
    """(directory size, directory offset) from the zip64 record, None if there is none. The
    record is taken to be right before its locator, as zipfile takes it: the locator's offset
    would be off by any prepended data."""
    if end_at < LOCATOR.size:
        return None
    fp.seek(end_at - LOCATOR.size)
    signature, disk, _, disks = LOCATOR.unpack(fp.read(LOCATOR.size))
    if signature != LOCATOR_SIG:
        return None
    if disk != 0 or disks > 1:
        raise zipfile.BadZipFile("zipfiles that span multiple disks are not supported")
    if end_at < LOCATOR.size + END64.size:
        return None
    fp.seek(end_at - LOCATOR.size - END64.size)
    record = END64.unpack(fp.read(END64.size))
    return (record[8], record[9]) if record[0] == END64_SIG else None


def _zip64_values(extra: bytes, file_size: int, compress_size: int, offset: int) -> tuple[int, int, int]:
    """The sizes and local header offset, each taken from the zip64 extra field when its 32-bit
    field is all ones (APPNOTE 4.5.3), in that order, as zipfile takes them."""
    at = 0
    while len(extra) - at >= 4:
        kind, length = struct.unpack_from("<HH", extra, at)
        if at + 4 + length > len(extra):
            raise zipfile.BadZipFile(f"Corrupt extra field {kind:04x} (size={length})")
        if kind == ZIP64_EXTRA:
            values = iter(struct.unpack_from(f"<{length // 8}Q", extra, at + 4))
            try:
                file_size = next(values) if file_size == MAX32 else file_size
                compress_size = next(values) if compress_size == MAX32 else compress_size
                offset = next(values) if offset == MAX32 else offset
            except StopIteration:
                raise zipfile.BadZipFile("Corrupt zip64 extra field") from None
        at += 4 + length
    return file_size, compress_size, offset

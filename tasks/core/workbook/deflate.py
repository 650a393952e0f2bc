"""Zip members written from pieces compressed apart, the big ones while they are produced.

A sheet's rows are compressed as they are rendered, on a thread of their own (zlib and the
file writes release the GIL, so rendering and compressing share two cores); at the save the
sheet's small frame (openpyxl's XML before and after the rows) is compressed alone and the
pieces are joined into one zip member. Raw deflate streams ended with a sync flush (an empty
stored block that ends on a byte boundary) can be concatenated, the last one ended with
Z_FINISH; the member's CRC-32 is combined from the pieces' CRCs (`crc32_combine`).
"""

from __future__ import annotations

import shutil
import tempfile
import time
import zlib
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

LEVEL = 3  # zlib level: 6 spent twice the time for a file a sixth smaller
_WBITS = -15  # raw deflate, as zip stores it
_IN_FLIGHT = 4  # chunks queued for the compressing thread at most (bounded memory)
# One thread for all streams: its queue keeps each stream's chunks in order.
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deflate")


class DeflatedStream:
    """Bytes written here are deflated into a temporary file by a background thread.

    `write` returns at once (unless a few chunks are already waiting); `seal` waits for the
    thread and ends what was written so far on a byte boundary. More can be written after a
    seal, and sealed again: a stream can go into any number of saves.
    """

    def __init__(self, level: int = LEVEL) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (open as long as the stream)
        self._zip = zlib.compressobj(level, zlib.DEFLATED, _WBITS)
        self._pending: deque[Future] = deque()
        self.crc = 0  # of the bytes written
        self.size = 0  # bytes written
        self.compressed = 0  # bytes in the file

    def write(self, data: bytes) -> None:
        self._queue(self._compress, data)

    def _queue(self, job, *args) -> None:
        self._wait(_POOL.submit(job, *args))

    def _wait(self, future: Future) -> None:
        self._pending.append(future)
        while len(self._pending) > _IN_FLIGHT:
            self._pending.popleft().result()  # re-raises a failure of the thread

    def seal(self) -> None:
        """Wait until everything written is in the file, ended by a sync flush."""
        self._pending.append(_POOL.submit(self._flush))
        while self._pending:
            self._pending.popleft().result()

    def append_deflated(self, data: bytes, crc: int, size: int) -> None:
        """Bytes deflated elsewhere (ended by a sync flush), of `size` bytes with CRC `crc`."""
        self._queue(self._append, data, crc, size)

    def deflate_apart(self, data: bytes) -> Future:
        """Append `data` deflated on its own (`deflate_alone`); the future gives the piece."""
        future = _POOL.submit(self._apart, data)
        self._wait(future)
        return future

    def copy_to(self, out) -> None:
        """The compressed bytes (call `seal` first) into the file object `out`."""
        self._file.seek(0)
        shutil.copyfileobj(self._file, out, 1 << 20)
        self._file.seek(0, 2)

    def close(self) -> None:
        self.seal()
        self._file.close()

    def _compress(self, data: bytes) -> None:
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self._store(self._zip.compress(data))

    def _flush(self) -> None:
        self._store(self._zip.flush(zlib.Z_SYNC_FLUSH))

    def _append(self, data: bytes, crc: int, size: int) -> None:
        # A full flush: what this stream compresses later never refers back past the piece.
        self._store(self._zip.flush(zlib.Z_FULL_FLUSH))
        self._store(data)
        self.crc = crc32_combine(self.crc, crc, size)
        self.size += size

    def _apart(self, data: bytes) -> tuple[bytes, int, int]:
        piece = deflate_alone(data), zlib.crc32(data), len(data)
        self._append(*piece)
        return piece

    def _store(self, out: bytes) -> None:
        if out:
            self._file.write(out)
            self.compressed += len(out)


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """The CRC-32 of a+b from crc32(a), crc32(b) and len(b) (zlib 1.2.12's crc32_combine).

    >>> a, b = b"hello ", b"world"
    >>> crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)
    True
    """
    if len2 <= 0:
        return crc1
    # crc1 times x^(8*len2) modulo the CRC polynomial, then crc2 added (all bit-reflected).
    power, k, n = 1 << 31, 3, len2  # x^0; bytes are 2^3 bits
    while n:
        if n & 1:
            power = _multiply(_X_2N[k & 31], power)
        n >>= 1
        k += 1
    return _multiply(power, crc1) ^ crc2


def _multiply(a: int, b: int) -> int:
    """a times b modulo the CRC-32 polynomial (reflected: x^0 is the top bit)."""
    m, product = 1 << 31, 0
    while m:
        if a & m:
            product ^= b
            if (a & (m - 1)) == 0:
                break
        m >>= 1
        b = (b >> 1) ^ 0xEDB88320 if b & 1 else b >> 1
    return product


def _powers() -> list[int]:
    """x^(2^n) modulo the polynomial, n = 0..31."""
    p, out = 1 << 30, []  # x^1
    for _ in range(32):
        out.append(p)
        p = _multiply(p, p)
    return out


_X_2N = _powers()


class _AsIs:
    """A zip member's "compressor" for bytes that are deflated already."""

    @staticmethod
    def compress(data: bytes) -> bytes:
        return data

    @staticmethod
    def flush() -> bytes:
        return b""


def write_member(archive: ZipFile, name: str, parts: Sequence[bytes | DeflatedStream]) -> None:
    """One deflated member of `archive` made of `parts` in order: texts compressed here, and
    streams (sealed) copied as they are."""
    pieces: list[tuple[bytes | DeflatedStream, int, int]] = []  # data, crc, size
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(part, DeflatedStream):
            pieces.append((part, part.crc, part.size))
            if last:
                pieces.append((_deflate(b"", True), 0, 0))
        else:
            pieces.append((_deflate(part, last), zlib.crc32(part), len(part)))
    crc, size = 0, 0
    for _, part_crc, part_size in pieces:
        crc, size = crc32_combine(crc, part_crc, part_size), size + part_size
    info = ZipInfo(name, time.localtime()[:6])
    info.compress_type = ZIP_DEFLATED
    info.file_size = size  # decides whether the member needs Zip64 sizes
    # zipfile has no way in for compressed data: its writer's compressor is told to pass the
    # bytes through, and the sizes and CRC it counted are set to the uncompressed ones.
    with archive.open(info, "w") as member:
        member._compressor = _AsIs()
        for data, _, _ in pieces:
            if isinstance(data, DeflatedStream):
                data.copy_to(member)
            else:
                member.write(data)
        member._file_size, member._crc = size, crc


def deflate_alone(data: bytes) -> bytes:
    """`data` as a raw deflate stream of its own, ended by a sync flush: a piece that can be
    joined to others."""
    return _deflate(data, False)


def _deflate(data: bytes, last: bool) -> bytes:
    z = zlib.compressobj(LEVEL, zlib.DEFLATED, _WBITS)
    return z.compress(data) + z.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)

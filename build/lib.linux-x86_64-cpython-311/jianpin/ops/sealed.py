"""Encrypted backup streams: the archive cut into 1 MiB chunks, each sealed with Fernet
(AES-128-CBC + HMAC-SHA256, from `cryptography`).

Layout: MAGIC, then per chunk a 4-byte big-endian length and a Fernet token whose plaintext is
an 8-byte chunk number, one byte (1 on the last chunk) and the data. Numbering and the last
flag make reordered, dropped or truncated chunks fail like a wrong key does.
"""
from __future__ import annotations

import struct
from typing import IO

MAGIC = b"JIANPIN-BACKUP-FERNET-1\n"
CHUNK = 1 << 20
_HEAD = struct.Struct(">QB")


def _fernet(key: str):  # type: ignore[no-untyped-def]
    from cryptography.fernet import Fernet

    return Fernet(key.encode())


def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def is_sealed(raw: IO[bytes]) -> bool:
    """Whether the stream starts with MAGIC; the stream is rewound either way."""
    start = raw.read(len(MAGIC))
    raw.seek(0)
    return start == MAGIC


class Writer:
    """A write-only file object that seals what is written; close() writes the last chunk."""

    def __init__(self, raw: IO[bytes], key: str) -> None:
        self.raw, self.fernet, self.buffer, self.index = raw, _fernet(key), bytearray(), 0
        raw.write(MAGIC)

    def write(self, data: bytes) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._seal(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _seal(self, data: bytes, last: bool) -> None:
        token = self.fernet.encrypt(_HEAD.pack(self.index, int(last)) + data)
        self.raw.write(struct.pack(">I", len(token)) + token)
        self.index += 1

    def close(self) -> None:
        self._seal(bytes(self.buffer), last=True)
        self.buffer.clear()
        self.raw.flush()


class Reader:
    """A read-only file object that opens what Writer sealed."""

    def __init__(self, raw: IO[bytes], key: str) -> None:
        from cryptography.fernet import InvalidToken

        self.invalid = InvalidToken
        self.raw, self.fernet, self.buffer, self.index, self.done = raw, _fernet(key), b"", 0, False
        if raw.read(len(MAGIC)) != MAGIC:
            raise ValueError("不是加密备份")

    def _next(self) -> None:
        size = self.raw.read(4)
        if len(size) < 4:
            raise ValueError("加密备份被截断")
        token = self.raw.read(struct.unpack(">I", size)[0])
        try:
            plain = self.fernet.decrypt(token)
        except self.invalid:
            raise ValueError("无法解密备份：密钥不对或文件被改动") from None
        index, last = _HEAD.unpack_from(plain)
        if index != self.index:
            raise ValueError("加密备份的分块顺序不对")
        self.index += 1
        self.done = bool(last)
        self.buffer += plain[_HEAD.size:]

    def read(self, size: int = -1) -> bytes:
        while not self.done and (size < 0 or len(self.buffer) < size):
            self._next()
        if size < 0:
            size = len(self.buffer)
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out

"""MinHash signatures and their LSH band keys, in numpy, stable across processes and
machines (no use of Python's salted hash()), so a stored signature and a fresh one of
the same text are equal.

A token (a shingle, a fact) is hashed to 32 bits: each word by CRC-32 of its UTF-8,
remembered; a shingle by mixing its words' hashes (a 64-bit multiply-xorshift finaliser,
vectorised). Permutation i maps a hash h to ((A[i] * h + B[i]) mod (2^61 - 1)) & 0xFFFFFFFF,
with A and B drawn once from a fixed seed; the signature keeps the minimum of each. The
share of equal places in two signatures estimates the Jaccard similarity of the sets.

Measured against datasketch (MinHash.update_batch with its default SHA-1 hashing and
MinHashLSH) in `python -m newsmonitor.bench stories`: see BENCHMARKS.md.
"""

import hashlib
import zlib
from functools import lru_cache

import numpy as np

PRIME = np.uint64((1 << 61) - 1)
MASK32 = np.uint64(0xFFFFFFFF)
MAX_PERMS = 128
EMPTY = np.uint32(0xFFFFFFFF)

_rng = np.random.default_rng(20261204)
_A = _rng.integers(1, 1 << 32, size=MAX_PERMS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, size=MAX_PERMS, dtype=np.uint64)
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


@lru_cache(maxsize=500_000)
def word_hash(word):
    return zlib.crc32(word.encode("utf-8"))


def token_hashes(tokens):
    """32-bit hashes (uint64 array) of strings (facts)."""
    return np.fromiter((word_hash(t) for t in tokens), dtype=np.uint64, count=len(tokens))


def shingle_hashes(parts, width):
    """32-bit hashes (uint64 array) of every run of `width` words of each word list in
    `parts` (a list shorter than `width` is one token), computed on whole arrays: each
    word hashed once, then mixed with its neighbours."""
    out = []
    with np.errstate(over="ignore"):
        for part in parts:
            if not part:
                continue
            words = np.fromiter((word_hash(w) + 1 for w in part), dtype=np.uint64, count=len(part))
            runs = max(1, len(part) - width + 1)
            h = np.zeros(runs, dtype=np.uint64)
            for col in range(width):
                column = words[col:col + runs] if col < len(part) else np.zeros(runs, dtype=np.uint64)
                h = (h ^ column) * _MIX[col % 3]
                h ^= h >> np.uint64(29)
            out.append(h & MASK32)
    return np.concatenate(out) if out else np.zeros(0, dtype=np.uint64)


def signature(hashes, perms):
    """The MinHash signature (uint32 array of `perms`) of a set of 32-bit hashes."""
    if len(hashes) == 0:
        return np.full(perms, EMPTY, dtype=np.uint32)
    hashes = np.unique(hashes)
    with np.errstate(over="ignore"):
        values = (np.outer(hashes, _A[:perms]) + _B[:perms]) % PRIME & MASK32
    return values.min(axis=0).astype(np.uint32)


def similarity(sig_a, sig_b):
    """Estimated Jaccard similarity of the sets behind two signatures of one kind."""
    if len(sig_a) == 0:
        return 0.0
    return np.count_nonzero((sig_a == sig_b) & (sig_a != EMPTY)) / len(sig_a)


def band_keys(sig, rows, namespace=b""):
    """One key per band of `rows` places: a signed 63-bit integer (a PostgreSQL bigint),
    from BLAKE2b of the namespace, the band's number and its values. An empty set has
    no keys (it would match every other empty set)."""
    if len(sig) == 0 or sig[0] == EMPTY:
        return []
    data = sig.astype("<u4").tobytes()
    keys = []
    for band in range(len(sig) // rows):
        digest = hashlib.blake2b(namespace + bytes([band]) + data[band * rows * 4:(band + 1) * rows * 4],
                                 digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)
    return keys

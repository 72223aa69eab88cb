"""The DT_NEEDED entries of an ELF shared library (what it links to directly), read in Python.

`ldd` lists the whole closure (libgcrypt, libsystemd ... pulled in by other libraries, which apt
installs as dependencies); the README's apt line needs the direct links only. Reading the
dynamic section ourselves avoids depending on binutils (objdump/readelf), which a fresh Debian
does not have. 64-bit little-endian ELF only (x86-64, aarch64): the Linux wheels PySide6 ships.
"""

from __future__ import annotations

import struct
from pathlib import Path

PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_NEEDED, DT_STRTAB = 0, 1, 5


def needed(path: Path) -> list[str]:
    data = Path(path).read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path}: not a 64-bit little-endian ELF file")
    (phoff,) = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    dynamic, loads = None, []
    for i in range(phnum):
        p_type, _flags, offset, vaddr, _paddr, filesz, _memsz, _align = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == PT_DYNAMIC:
            dynamic = (offset, filesz)
        elif p_type == PT_LOAD:
            loads.append((vaddr, offset, filesz))
    if dynamic is None:
        return []

    def file_offset(vaddr: int) -> int:  # DT_STRTAB holds an address; map it into the file
        for start, offset, size in loads:
            if start <= vaddr < start + size:
                return vaddr - start + offset
        raise ValueError(f"{path}: address {vaddr:#x} is in no loaded segment")

    entries, strtab = [], None
    for i in range(dynamic[1] // 16):
        tag, value = struct.unpack_from("<qQ", data, dynamic[0] + 16 * i)
        if tag == DT_NULL:
            break
        if tag == DT_STRTAB:
            strtab = file_offset(value)
        entries.append((tag, value))
    if strtab is None:
        return []

    def string(at: int) -> str:
        end = data.index(b"\0", strtab + at)
        return data[strtab + at:end].decode()

    return [string(value) for tag, value in entries if tag == DT_NEEDED]

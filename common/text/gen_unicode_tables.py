#!/usr/bin/env python3
"""Generates common/text/unicode_tables.inc from Python's unicodedata module.

The tables hold the Unicode Character Database properties that normalization
(normalize.h) and search folding (search_fold.h) need. The build never runs
this script: its output is committed. Regenerate after upgrading Python (and
with it the Unicode version) with

    python3 common/text/gen_unicode_tables.py

run from the project root. Before writing, the script checks that NFD and NFC
computed from the tables (with the same algorithm as normalize.cc) agree with
unicodedata.normalize for every code point and for several thousand random
strings; it refuses to write the file when they do not.
"""

import os
import random
import sys
import unicodedata

OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "unicode_tables.inc")
MAX_CODE_POINT = 0x10FFFF

# Hangul syllables decompose and compose algorithmically (Unicode 3.12);
# unicodedata.decomposition() reports nothing for them.
HANGUL_S_BASE, HANGUL_L_BASE, HANGUL_V_BASE, HANGUL_T_BASE = (
    0xAC00, 0x1100, 0x1161, 0x11A7)
HANGUL_L_COUNT, HANGUL_V_COUNT, HANGUL_T_COUNT = 19, 21, 28
HANGUL_N_COUNT = HANGUL_V_COUNT * HANGUL_T_COUNT
HANGUL_S_COUNT = HANGUL_L_COUNT * HANGUL_N_COUNT


def all_code_points():
    return range(MAX_CODE_POINT + 1)


def canonical_decomposition(cp):
    """The one-level canonical mapping of cp, or None (compatibility and
    Hangul mappings are not listed)."""
    mapping = unicodedata.decomposition(chr(cp))
    if not mapping or mapping.startswith("<"):
        return None
    return [int(part, 16) for part in mapping.split()]


def ranges_where(predicate):
    """[first, last] ranges of the code points where predicate holds."""
    ranges, start = [], None
    for cp in all_code_points():
        if predicate(cp):
            if start is None:
                start = cp
        elif start is not None:
            ranges.append((start, cp - 1))
            start = None
    if start is not None:
        ranges.append((start, MAX_CODE_POINT))
    return ranges


def combining_class_ranges():
    """[first, last, class] ranges of code points with a nonzero class."""
    ranges = []
    for cp in all_code_points():
        ccc = unicodedata.combining(chr(cp))
        if not ccc:
            continue
        if ranges and ranges[-1][1] == cp - 1 and ranges[-1][2] == ccc:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp, ccc])
    return ranges


def decompositions():
    """(code point, first, second) one-level canonical mappings; second is 0
    for singletons."""
    table = []
    for cp in all_code_points():
        mapping = canonical_decomposition(cp)
        if mapping is None:
            continue
        assert 1 <= len(mapping) <= 2, hex(cp)
        table.append((cp, mapping[0], mapping[1] if len(mapping) == 2 else 0))
    return table


def compositions():
    """(first, second, composite) for every primary composite, sorted by
    (first, second). A two-code-point canonical mapping is a primary composite
    unless the character has Full_Composition_Exclusion; unicodedata does not
    expose that property, but an excluded character is exactly one that NFC
    does not leave unchanged."""
    table = []
    for cp in all_code_points():
        mapping = canonical_decomposition(cp)
        if mapping is None or len(mapping) != 2:
            continue
        if unicodedata.normalize("NFC", chr(cp)) != chr(cp):
            continue
        table.append((mapping[0], mapping[1], cp))
    table.sort()
    return table


def category(cp):
    return unicodedata.category(chr(cp))


def lowercase_pairs():
    """(code point, simple lowercase) where the lowercase is one code point."""
    pairs = []
    for cp in all_code_points():
        lower = chr(cp).lower()
        if len(lower) == 1 and lower != chr(cp):
            pairs.append((cp, ord(lower)))
    return pairs


# ---------------------------------------------------------------------------
# The self-check: the algorithm of normalize.cc, driven by the tables.

class Tables:
    def __init__(self, ccc_ranges, decomposition_table, composition_table):
        self.ccc = {}
        for first, last, ccc in ccc_ranges:
            for cp in range(first, last + 1):
                self.ccc[cp] = ccc
        self.decomposition = {cp: (a, b) for cp, a, b in decomposition_table}
        self.composition = {(a, b): c for a, b, c in composition_table}

    def decompose(self, cp, out):
        s_index = cp - HANGUL_S_BASE
        if 0 <= s_index < HANGUL_S_COUNT:
            out.append(HANGUL_L_BASE + s_index // HANGUL_N_COUNT)
            out.append(HANGUL_V_BASE
                       + (s_index % HANGUL_N_COUNT) // HANGUL_T_COUNT)
            if s_index % HANGUL_T_COUNT:
                out.append(HANGUL_T_BASE + s_index % HANGUL_T_COUNT)
            return
        mapping = self.decomposition.get(cp)
        if mapping is None:
            out.append(cp)
            return
        self.decompose(mapping[0], out)
        if mapping[1]:
            self.decompose(mapping[1], out)

    def compose_pair(self, first, second):
        l_index = first - HANGUL_L_BASE
        v_index = second - HANGUL_V_BASE
        if 0 <= l_index < HANGUL_L_COUNT and 0 <= v_index < HANGUL_V_COUNT:
            return (HANGUL_S_BASE
                    + (l_index * HANGUL_V_COUNT + v_index) * HANGUL_T_COUNT)
        s_index = first - HANGUL_S_BASE
        t_index = second - HANGUL_T_BASE
        if (0 <= s_index < HANGUL_S_COUNT and s_index % HANGUL_T_COUNT == 0
                and 0 < t_index < HANGUL_T_COUNT):
            return first + t_index
        return self.composition.get((first, second))

    def nfd(self, text):
        out = []
        for ch in text:
            self.decompose(ord(ch), out)
        # Canonical ordering: a stable sort of each run of non-starters.
        i = 0
        while i < len(out):
            if self.ccc.get(out[i], 0) == 0:
                i += 1
                continue
            j = i
            while j < len(out) and self.ccc.get(out[j], 0) != 0:
                j += 1
            out[i:j] = sorted(out[i:j], key=lambda cp: self.ccc[cp])
            i = j
        return out

    def nfc(self, text):
        decomposed = self.nfd(text)
        out, starter, last_class = [], None, 0
        for cp in decomposed:
            ccc = self.ccc.get(cp, 0)
            # cp is not blocked from the starter when it directly follows it
            # (last_class == 0) or when every mark between has a lower class.
            if starter is not None and (last_class == 0 or last_class < ccc):
                composite = self.compose_pair(out[starter], cp)
                if composite is not None:
                    out[starter] = composite
                    continue
            if ccc == 0:
                starter = len(out)
            last_class = ccc
            out.append(cp)
        return out


def self_check(tables):
    def as_text(cps):
        return "".join(chr(cp) for cp in cps)

    def check(text):
        for form, ours in (("NFD", tables.nfd), ("NFC", tables.nfc)):
            expected = unicodedata.normalize(form, text)
            got = as_text(ours(text))
            if got != expected:
                sys.exit("self-check failed: %s of %a is %a, expected %a"
                         % (form, text, got, expected))

    for cp in all_code_points():
        if 0xD800 <= cp <= 0xDFFF:
            continue
        check(chr(cp))

    # Random strings built from the interesting characters: starters with
    # decompositions, combining marks, Hangul jamo and syllables, ASCII.
    interesting = sorted(set(tables.ccc) | set(tables.decomposition)
                         | {a for a, _ in tables.composition}
                         | {b for _, b in tables.composition}
                         | set(range(0x1100, 0x1113))
                         | set(range(0x1161, 0x1176))
                         | set(range(0x11A7, 0x11C3))
                         | {0xAC00, 0xAC01, 0xD7A3, 0x0041, 0x0061, 0x0020})
    rng = random.Random(14)
    for _ in range(20000):
        check("".join(chr(rng.choice(interesting))
                      for _ in range(rng.randint(1, 8))))


# ---------------------------------------------------------------------------
# Output.

def format_rows(rows, per_line):
    lines = []
    for i in range(0, len(rows), per_line):
        lines.append("    " + " ".join(rows[i:i + per_line]))
    return "\n".join(lines)


def hex_cp(cp):
    return "0x%04X" % cp


def main():
    ccc_ranges = combining_class_ranges()
    decomposition_table = decompositions()
    composition_table = compositions()
    mark_ranges = ranges_where(lambda cp: category(cp) in ("Mn", "Me"))
    word_ranges = ranges_where(
        lambda cp: category(cp)[0] in "LN" or category(cp) == "Mc")
    lowercase_table = lowercase_pairs()

    self_check(Tables(ccc_ranges, decomposition_table, composition_table))

    version = unicodedata.unidata_version
    parts = []
    parts.append(
        "// Unicode %s character data for common/text (normalization and search\n"
        "// folding), generated from Python %s's unicodedata module by\n"
        "// common/text/gen_unicode_tables.py. Do not edit; regenerate with\n"
        "//   python3 common/text/gen_unicode_tables.py\n"
        "// from the project root. Included only by unicode_properties.cc.\n"
        "// Every table is sorted by its first column for binary search.\n"
        % (version, sys.version.split()[0]))
    parts.append('constexpr char kUnicodeTablesVersion[] = "%s";\n' % version)

    parts.append(
        "// Canonical_Combining_Class of every code point whose class is not 0.\n"
        "constexpr CombiningClassRange kCombiningClassRanges[] = {\n%s\n};\n"
        % format_rows(["{%s, %s, %d}," % (hex_cp(a), hex_cp(b), c)
                       for a, b, c in ccc_ranges], 4))

    parts.append(
        "// One-level canonical decomposition mappings (Hangul syllables are\n"
        "// algorithmic and absent); second is 0 for singleton mappings.\n"
        "constexpr Decomposition kDecompositions[] = {\n%s\n};\n"
        % format_rows(["{%s, %s, %s}," % (hex_cp(cp), hex_cp(a), hex_cp(b))
                       for cp, a, b in decomposition_table], 3))

    parts.append(
        "// Primary composites: the pairs canonical composition joins, without\n"
        "// the Full_Composition_Exclusion characters; sorted by (first, second).\n"
        "constexpr Composition kCompositions[] = {\n%s\n};\n"
        % format_rows(["{%s, %s, %s}," % (hex_cp(a), hex_cp(b), hex_cp(c))
                       for a, b, c in composition_table], 3))

    parts.append(
        "// General_Category Mn (nonspacing mark) or Me (enclosing mark).\n"
        "constexpr CodePointRange kNonspacingMarkRanges[] = {\n%s\n};\n"
        % format_rows(["{%s, %s}," % (hex_cp(a), hex_cp(b))
                       for a, b in mark_ranges], 5))

    parts.append(
        "// General_Category L* (letter), N* (number) or Mc (spacing mark).\n"
        "constexpr CodePointRange kWordCharacterRanges[] = {\n%s\n};\n"
        % format_rows(["{%s, %s}," % (hex_cp(a), hex_cp(b))
                       for a, b in word_ranges], 5))

    parts.append(
        "// Simple (one code point to one code point) lowercase mappings.\n"
        "constexpr LowercaseMapping kLowercaseMappings[] = {\n%s\n};\n"
        % format_rows(["{%s, %s}," % (hex_cp(a), hex_cp(b))
                       for a, b in lowercase_table], 5))

    with open(OUTPUT, "w", encoding="ascii", newline="\n") as out:
        out.write("\n".join(parts))
    print("wrote %s (Unicode %s, %d bytes)"
          % (OUTPUT, version, os.path.getsize(OUTPUT)))


if __name__ == "__main__":
    main()

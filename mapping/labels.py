"""Map labels: how wide a label is drawn, and how it wraps onto two lines.

Pure Python, no Django. Widths are estimated from the advance widths of DejaVu Sans
(measured in Chromium), which is wider than Arial and Helvetica, the fonts the map asks
for first: a label estimated to fit fits in any of them. Characters outside the table
count as a full em, pictographs (emoji) as one and a quarter.
"""

# User units of the SVG; CSS draws the labels at this size. Large beside the shapes and
# rings (which are drawn at a fixed size), so that a map scaled down to fit its frame
# keeps its labels readable (at least 14 px on a laptop, 12 px on a tablet).
LABEL_FONT_SIZE = 22
LINE_HEIGHT = round(LABEL_FONT_SIZE * 17 / 15, 1)
MAX_LABEL_LENGTH = 30  # labels up to this long are drawn in full; longer ones end in "…"
# A line wraps beyond this (about 12 characters): two narrow lines pack closer than one
# wide one. Between words, the longer of the two lines may reach SPLIT_WIDTH; a label
# that cannot be split so is split inside a word.
LINE_WIDTH = round(LABEL_FONT_SIZE * 6.67)
SPLIT_WIDTH = round(LABEL_FONT_SIZE * 10.2)
SAFETY = 1.04  # rounding and kerning

# Advance widths in em (DejaVu Sans, as Chromium draws it).
_WIDTHS = {
    " ": 0.32, "!": 0.4, '"': 0.46, "#": 0.84, "$": 0.64, "%": 0.95, "&": 0.78, "'": 0.28,
    "(": 0.39, ")": 0.39, "*": 0.5, "+": 0.84, ",": 0.32, "-": 0.36, ".": 0.32, "/": 0.34,
    ":": 0.34, ";": 0.34, "<": 0.84, "=": 0.84, ">": 0.84, "?": 0.53, "@": 1.0, "[": 0.39,
    "\\": 0.34, "]": 0.39, "^": 0.84, "_": 0.5, "`": 0.5, "{": 0.64, "|": 0.34, "}": 0.64,
    "~": 0.84, "A": 0.68, "B": 0.69, "C": 0.7, "D": 0.77, "E": 0.63, "F": 0.58, "G": 0.78,
    "H": 0.75, "I": 0.3, "J": 0.3, "K": 0.66, "L": 0.56, "M": 0.86, "N": 0.75, "O": 0.79,
    "P": 0.6, "Q": 0.79, "R": 0.69, "S": 0.63, "T": 0.61, "U": 0.73, "V": 0.68, "W": 0.99,
    "X": 0.69, "Y": 0.61, "Z": 0.69, "a": 0.61, "b": 0.63, "c": 0.53, "d": 0.63, "e": 0.57,
    "f": 0.35, "g": 0.63, "h": 0.63, "i": 0.28, "j": 0.28, "k": 0.58, "l": 0.28, "m": 0.97,
    "n": 0.63, "o": 0.55, "p": 0.63, "q": 0.63, "r": 0.38, "s": 0.52, "t": 0.39, "u": 0.63,
    "v": 0.59, "w": 0.82, "x": 0.59, "y": 0.59, "z": 0.53, "\u2019": 0.32, "\u2018": 0.32,
    "\u201c": 0.52, "\u201d": 0.52, "\u2013": 0.5, "\u2014": 1.0, "\u2026": 1.0,
}  # fmt: skip
_DIGIT = 0.64
_ACCENTED = 0.7  # Latin letters with accents: as wide as the widest plain lower case


def _char_width(char: str) -> float:
    if char in _WIDTHS:
        return _WIDTHS[char]
    if char.isdigit() and char.isascii():
        return _DIGIT
    code = ord(char)
    if 0x300 <= code < 0x370 or 0x200B <= code <= 0x200F or 0x202A <= code <= 0x202E:
        return 0.0  # combining marks and invisible direction marks
    if code < 0x250:
        return _ACCENTED if char.islower() else 0.8
    if code >= 0x1F000:
        return 1.25  # pictographs and emoji
    return 1.0


def text_width(text: str, size: float = LABEL_FONT_SIZE) -> float:
    return sum(_char_width(char) for char in text) * size * SAFETY


def map_text(label: str) -> str:
    """The label as the map shows it: in full up to 30 characters."""
    label = " ".join(label.split())
    if len(label) <= MAX_LABEL_LENGTH:
        return label
    return label[: MAX_LABEL_LENGTH - 1].rstrip() + "…"


def wrap_label(label: str) -> list[str]:
    """One line, or two lines of about equal width split between words.

    A single word too long for a line is split inside it with a hyphen; a line is then
    as wide as it has to be (the layout takes every label's real width).
    """
    text = map_text(label)
    if text_width(text) <= LINE_WIDTH:
        return [text]
    words = text.split(" ")
    best = None
    for index in range(1, len(words)):
        first, second = " ".join(words[:index]), " ".join(words[index:])
        widest = max(text_width(first), text_width(second))
        if best is None or widest < best[0]:
            best = (widest, [first, second])
    if best and best[0] <= SPLIT_WIDTH:
        return best[1]
    # No split between words fits: break where the two halves are most even.
    best = None
    for index in range(2, len(text) - 1):
        first, second = text[:index].rstrip(), text[index:].lstrip()
        if not first or not second:
            continue
        if not text[index - 1].isspace() and not text[index].isspace():
            first += "-"
        widest = max(text_width(first), text_width(second))
        if best is None or widest < best[0]:
            best = (widest, [first, second])
    return best[1] if best else [text]

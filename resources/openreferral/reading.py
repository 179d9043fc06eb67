"""Reading a directory file: which format it is, and its records."""

from resources.openreferral.read_csv import parse_csv
from resources.openreferral.read_oruk import parse_oruk
from resources.openreferral.records import ImportFileError, ParsedFile


def read_file(content: bytes | str) -> tuple[str, ParsedFile]:
    """The file's text and its records; ImportFileError when it cannot be read at all."""
    if isinstance(content, bytes):
        if not content.strip():
            raise ImportFileError("The file is empty.")
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                "The file is not UTF-8 text (byte "
                f"{error.start + 1} cannot be read). In a spreadsheet, save it as “CSV UTF-8”."
            ) from error
    else:
        text = content.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFileError("The file is empty.")
    if "\x00" in text:
        raise ImportFileError("The file contains binary data: it is not a CSV or JSON file.")
    stripped = text.lstrip()
    parsed = parse_oruk(text) if stripped[:1] in "{[" else parse_csv(text)
    return text, parsed

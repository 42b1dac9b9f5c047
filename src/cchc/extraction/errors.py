"""The one error the extraction library raises for a document it cannot read."""


class UnreadableDocument(Exception):
    """A file that cannot be turned into a layout: wrong type, damaged, empty.

    ``reason`` is a short bilingual sentence meant for the person who uploaded
    the file; ``path`` names the file.
    """

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

"""`bonegui core`: PLACEHOLDER, owned by the model work (issue 3)."""


def add_parser(sub) -> None:
    sub.add_parser("core", help="the unmodulated Pivonka bone-cell core with optional infusions")


def run(args) -> int:
    raise NotImplementedError

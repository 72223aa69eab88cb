"""`bonegui validate`: PLACEHOLDER, owned by the validation work (issue 5)."""


def add_parser(sub) -> None:
    sub.add_parser("validate", help="run every calibration case and print model vs literature")


def run(args) -> int:
    raise NotImplementedError

"""Command line: ``python -m quiz_app validate|schema|...``. A thin layer over the library."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from quiz_app.bank import BankError, UsageError, load_bank
from quiz_app.bank.schema import KINDS, schema_text, write_schemas
from quiz_app.bank.summary import summary_lines
from quiz_app.store.teachers import AccountError


def _counted(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _validate(args: argparse.Namespace) -> int:
    """Errors and warnings, each located; exit 1 on any error, 0 with only warnings."""
    try:
        bank = load_bank(args.paths or None, warnings=True)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BankError as error:
        for problem in sorted([*error.problems, *error.warnings]):
            print(problem)
        extra = f" (and {_counted(len(error.warnings), 'warning')})" if error.warnings else ""
        print(f"{_counted(len(error.problems), 'problem')} found{extra}", file=sys.stderr)
        return 1
    for warning in bank.warnings:
        print(warning)
    for line in summary_lines(bank):
        print(line)
    if bank.warnings:
        print(f"OK: the bank is valid, with {_counted(len(bank.warnings), 'warning')} from the item-writing checks "
              "(fix them, or silence one for its item with 'silence: {<check>: <reason>}')")
    else:
        print("OK: the bank is valid")
    return 0


def _schema(args: argparse.Namespace) -> int:
    if args.write:
        for path in write_schemas():
            print(f"wrote {path}")
        return 0
    sys.stdout.write(schema_text(args.kind))
    return 0


def _read_password(confirm: bool) -> str:
    """Ask on the terminal (twice when ``confirm``); read lines from stdin when it is not a terminal."""
    if not sys.stdin.isatty():
        lines = sys.stdin.read().splitlines()
        first, second = [*lines, "", ""][:2]
        if confirm and first != second:
            raise AccountError("The two passwords differ.")
        return first
    first = getpass.getpass("Password: ")
    if confirm and getpass.getpass("Password again: ") != first:
        raise AccountError("The two passwords differ.")
    return first


def _teacher(args: argparse.Namespace) -> int:
    from quiz_app.store import Store, teachers

    store = Store.open()
    try:
        if args.action == "list":
            for teacher in teachers.list_all(store):
                print(teacher.name)
            return 0
        if not args.name:
            print(f"error: teacher {args.action} needs a NAME", file=sys.stderr)
            return 2
        if args.action == "add":
            teacher = teachers.add(store, args.name, _read_password(confirm=True))
            print(f"added teacher '{teacher.name}'")
        elif args.action == "remove":
            teachers.remove(store, args.name)
            print(f"removed teacher '{args.name}'")
        else:
            teachers.set_password(store, args.name, _read_password(confirm=True))
            print(f"changed the password of '{args.name}' and ended their logins")
        return 0
    except (AccountError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per feature."""
    parser = argparse.ArgumentParser(prog="python -m quiz_app", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check packs; print every problem and item-writing warning as path:line:column")
    validate.add_argument(
        "paths", nargs="*", type=Path, help="pack folders or folders of packs (default: question_bank/)"
    )
    validate.set_defaults(run=_validate)
    schema = commands.add_parser("schema", help="print the JSON Schema of pack.yaml or of a question file")
    schema.add_argument("kind", nargs="?", choices=sorted(KINDS), default="content")
    schema.add_argument("--write", action="store_true", help="write schemas/*.schema.json instead")
    schema.set_defaults(run=_schema)
    teacher = commands.add_parser("teacher", help="manage teacher accounts (passwords are asked twice)")
    teacher.add_argument("action", choices=["add", "list", "remove", "passwd"])
    teacher.add_argument("name", nargs="?", help="the teacher's login name")
    teacher.set_defaults(run=_teacher)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 problems, 2 usage error)."""
    args = build_parser().parse_args(argv)
    return args.run(args)

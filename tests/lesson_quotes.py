#!/usr/bin/env python3
"""Keeps the idempotence lessons honest: each quotes what `tideline verify` (or
`tideline diff`) reports on it, and the quotes must stay true.

For every lesson of the course module "Operations: idempotence" (scenarios/course.lessons),
the table below says which command the lesson quotes and what it must find:

- verify: the verdict of each output, read from `tideline verify --json`;
- diff: the kind and batch of the first divergence, read from `tideline diff --json`.

The lesson's text must then hold the command line and every line the command prints
without --json, in each language's notes (at least twice: English and Korean).

Usage: lesson_quotes.py TIDELINE [SOURCE_DIR]   (SOURCE_DIR: the project's top folder,
by default the parent of this file's folder). Exit status 0 when every lesson holds.
"""
import json
import os
import subprocess
import sys

MODULE = "Operations: idempotence"

# lesson (under scenarios/) -> what its notes quote
LESSONS = {
    "dstream/save-as-text-files-exactly-once.yaml": {
        "command": "verify",
        "verdicts": {"saveAsTextFiles(out/totals)": "exactly-once"},
    },
    "dstream/foreach-rdd-append-at-least-once.yaml": {
        "command": "verify",
        "verdicts": {"appendFile(out/counts.log)": "at-least-once", "print(counts)": "at-least-once"},
    },
    "dstream/socket-receiver-without-wal.yaml": {
        "command": "verify",
        "verdicts": {"saveAsTextFiles(out/words)": "at-most-once"},
    },
    "dstream/socket-receiver-with-wal.yaml": {
        "command": "verify",
        "verdicts": {"saveAsTextFiles(out/words)": "exactly-once"},
    },
    "structured/memory-sink-exactly-once.yaml": {
        "command": "verify",
        "verdicts": {"memory sink": "exactly-once"},
    },
    "structured/file-sink-exactly-once.yaml": {
        "command": "verify",
        "verdicts": {"file sink(out/words)": "exactly-once"},
    },
    "structured/console-sink-at-least-once.yaml": {
        "command": "verify",
        "verdicts": {"console sink": "at-least-once"},
    },
    "dstream/diff-two-recordings.yaml": {
        "command": "diff",
        "replay": ["scenarios/dstream/data/words-capture-1.jsonl", "scenarios/dstream/data/words-capture-2.jsonl"],
        "divergence": {"kind": "batch boundary", "batch": "2000 ms"},
    },
}

ORDER = ["exactly-once", "at-least-once", "at-most-once", "inconsistent"]


def module_lessons(course_path):
    """The files of MODULE in course.lessons, in order (a line-based read of its layout)."""
    files, inside = [], False
    with open(course_path, encoding="utf-8") as f:
        for line in f:
            stripped = line.strip()
            if stripped.startswith("- title:"):
                inside = MODULE in stripped
            elif inside and stripped.startswith("- {file:"):
                files.append(stripped.split("file:", 1)[1].split(",", 1)[0].strip())
    return files


def run(args, cwd):
    p = subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                       env=dict(os.environ, LANG="C.UTF-8"))
    return p.returncode, p.stdout, p.stderr


def quoted_lines(text):
    """Each line of the lesson file, without its indentation."""
    return [l.strip() for l in text.split("\n")]


def check_quotes(lesson, command_line, printed, text, errors):
    lines = quoted_lines(text)
    if lines.count("$ " + command_line) < 2:
        errors.append(f"{lesson}: the notes do not show `$ {command_line}` in English and Korean")
    for out_line in printed.rstrip("\n").split("\n"):
        if lines.count(out_line.strip()) < 2:
            errors.append(f"{lesson}: the notes do not quote (in English and Korean) the line: {out_line}")


def check_verify(tideline, root, lesson, want, text, errors):
    path = "scenarios/" + lesson
    rc, out, err = run([tideline, "verify", "--json", path], root)
    objs = [json.loads(l) for l in out.splitlines() if l.strip()]
    got = {o["output"]: o["verdict"] for o in objs if "output" in o}
    if got != want["verdicts"]:
        errors.append(f"{lesson}: tideline verify --json gives {got}, the lesson quotes {want['verdicts']} ({err.strip()})")
        return
    worst = max(want["verdicts"].values(), key=ORDER.index)
    if not objs or objs[-1].get("verdict") != worst:
        errors.append(f"{lesson}: the last verdict is {objs[-1] if objs else None}, expected {worst}")
    if rc != (0 if worst == "exactly-once" else 1):
        errors.append(f"{lesson}: tideline verify exited with {rc}")
    rc, printed, err = run([tideline, "verify", path], root)
    for output, verdict in want["verdicts"].items():
        if not any(l.startswith(f"{output}: {verdict}, ") for l in printed.splitlines()):
            errors.append(f"{lesson}: tideline verify printed no line for {output}: {verdict}")
    check_quotes(lesson, "tideline verify " + path, printed, text, errors)


def check_diff(tideline, root, lesson, want, text, errors):
    args = ["scenarios/" + lesson, "--replay"] + want["replay"]
    rc, out, err = run([tideline, "diff", "--json"] + args, root)
    objs = [json.loads(l) for l in out.splitlines() if l.strip()]
    summary = objs[-1] if objs else {}
    div = summary.get("divergence") or {}
    if rc != 1 or summary.get("identical") is not False or \
            {k: div.get(k) for k in want["divergence"]} != want["divergence"]:
        errors.append(f"{lesson}: tideline diff --json exited with {rc} and reports {summary}, "
                      f"the lesson quotes the divergence {want['divergence']} ({err.strip()})")
        return
    rc, printed, err = run([tideline, "diff"] + args, root)
    check_quotes(lesson, "tideline diff " + " ".join(args), printed, text, errors)


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip().split("\n\n")[-1], file=sys.stderr)
        return 2
    tideline = os.path.abspath(sys.argv[1])
    root = sys.argv[2] if len(sys.argv) == 3 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    errors = []
    course = module_lessons(os.path.join(root, "scenarios", "course.lessons"))
    if sorted(course) != sorted(LESSONS):
        errors.append(f"the module '{MODULE}' lists {course}; this test knows {sorted(LESSONS)}")
    for lesson, want in LESSONS.items():
        with open(os.path.join(root, "scenarios", lesson), encoding="utf-8") as f:
            text = f.read()
        if want["command"] == "verify":
            check_verify(tideline, root, lesson, want, text, errors)
        else:
            check_diff(tideline, root, lesson, want, text, errors)
        print(f"{'FAIL' if any(e.startswith(lesson) for e in errors) else 'ok  '}  {lesson}")
    for e in errors:
        print("error: " + e, file=sys.stderr)
    print(f"{len(LESSONS)} lessons, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

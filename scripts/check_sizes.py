#!/usr/bin/env python3
"""Checks the size rules of core/: no source file over 600 lines, no function over 80.

A function's length is counted from the line of its opening brace to the line of its
closing brace, lambdas and local classes included. Functions are found by a brace-matching
scan over the text with comments, string and character literals blanked out: a brace
opens a function body when the text before it (since the previous ';', '{' or '}')
ends in a parameter list, optionally followed by qualifiers (const, noexcept, override,
a trailing return type) or a constructor's initializer list, and is not a control
statement. Lambdas inside a function count as part of it.

Usage: check_sizes.py [--max-file N] [--max-function N] [--allow FILE] [--list] DIR...
Files and functions named in FILE (lines "path" or "path:function"; '#' comments) are
known exceptions: listed as such, not failures. Exit status 1 when a rule is broken.
"""
import argparse
import pathlib
import re
import sys

CONTROL = re.compile(r'^(if|for|while|switch|catch|else\s+if|do|return|=)\b')
FUNC_END = re.compile(
    r'\)\s*(?:const|noexcept|override|final|mutable|&|&&|\s)*(?:->\s*[\w:<>,\s\*&]+)?\s*$')
NAME = re.compile(r'([~\w:]+(?:<[^()]*>)?|operator\s*[^\s(]+)\s*\($')


def blank(text):
    """Comments and literals replaced by spaces; newlines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            end = text.find(')' + m.group(1) + '"', i) if m else -1
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            j = min(j + 1, n)
            out.append(c + ' ' * (j - i - 2) + c if j - i >= 2 else ' '); i = j
        else:
            out.append(c); i += 1
    return ''.join(out)


def header_name(header):
    """The function's name from the text before its body, or None if it is no function."""
    h = ' '.join(header.split())
    if not h or CONTROL.match(h):
        return None
    # A constructor's initializer list: cut at the ':' that follows the parameter list.
    depth, cut = 0, None
    for k, ch in enumerate(h):
        if ch == '(':
            depth += 1
        elif ch == ')':
            depth -= 1
        elif ch == ':' and depth == 0 and h[k - 1:k + 1] != '::' and h[k:k + 2] != '::' and k > 0 and h[:k].rstrip().endswith(')'):
            cut = k
            break
    sig = h[:cut].rstrip() if cut is not None else h
    if not FUNC_END.search(sig):
        return None
    # Find the '(' that opens the parameter list.
    depth, k = 0, len(sig) - 1
    while k >= 0 and sig[k] != ')':
        k -= 1
    while k >= 0:
        if sig[k] == ')':
            depth += 1
        elif sig[k] == '(':
            depth -= 1
            if depth == 0:
                break
        k -= 1
    before = sig[:k + 1]
    m = NAME.search(before)
    if not m or before.rstrip('(').rstrip().endswith(']'):
        return None  # a lambda
    name = m.group(1)
    if name.split('::')[-1] in ('if', 'for', 'while', 'switch', 'catch', 'return', 'sizeof', 'decltype'):
        return None
    return name


def functions(text):
    """Yields (name, first line, last line) of each function body."""
    t = blank(text)
    stack, start = [], 0  # stack of (is_function, name, line)
    line = 1
    for i, c in enumerate(t):
        if c == '\n':
            line += 1
        elif c == '{':
            in_fn = any(f for f, _, _ in stack)
            name = None if in_fn else header_name(t[start:i])
            stack.append((name is not None, name, line))
            start = i + 1
        elif c == '}':
            if stack:
                is_fn, name, first = stack.pop()
                if is_fn:
                    yield name, first, line
            start = i + 1
        elif c == ';':
            start = i + 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--max-file', type=int, default=600)
    ap.add_argument('--max-function', type=int, default=80)
    ap.add_argument('--allow')
    ap.add_argument('--list', action='store_true', help='print every breach, allowed ones too')
    ap.add_argument('dirs', nargs='+')
    a = ap.parse_args()
    allowed = set()
    if a.allow:
        for raw in pathlib.Path(a.allow).read_text().splitlines():
            raw = raw.split('#')[0].strip()
            if raw:
                allowed.add(raw)
    failures, known, used = [], [], set()
    for d in a.dirs:
        root = pathlib.Path(d)
        for p in sorted(list(root.rglob('*.cc')) + list(root.rglob('*.h'))):
            rel = p.as_posix()
            text = p.read_text()
            n = text.count('\n')
            if n > a.max_file:
                (known if rel in allowed else failures).append(f'{rel}: {n} lines (file limit {a.max_file})')
                used.add(rel)
            for name, first, last in functions(text):
                length = last - first + 1
                if length > a.max_function:
                    entry = f'{rel}:{first}: {name}: {length} lines (function limit {a.max_function})'
                    (known if f'{rel}:{name}' in allowed else failures).append(entry)
                    used.add(f'{rel}:{name}')
    for stale in sorted(allowed - used):
        failures.append(f'{stale}: listed as a known exception but within the limits now (remove it from the list)')
    if a.list:
        for k in known:
            print('known exception:', k)
    for f in failures:
        print('too long:', f)
    print(f'{len(failures)} breaches, {len(known)} known exceptions')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""long-functions.py -- lists C functions longer than a limit.

usage: scripts/long-functions.py [--max N] FILE_OR_DIR...

A function is a definition whose body opens with "{" alone at the start
of a line and closes with "}" at the start of a line, as every file of
this project is written (the style of the tree, not a C parser).  Prints
"file:line: name: N lines" for each body over N lines (default 80, the
limit docs/architecture.md states), longest first, and exits 1 when any
is found, so a build step or a reviewer can run it on a folder."""
import os
import re
import sys

NAME = re.compile(r'([A-Za-z_][A-Za-z_0-9]*)\s*\(')


def functions(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.read().split('\n')
    i = 0
    while i < len(lines):
        if lines[i] == '{':
            # The signature: the lines above back to a blank line, a
            # comment end or a line ending with ';' or '}'.
            j = i - 1
            sig = []
            while j >= 0 and lines[j].strip() and not lines[j].rstrip().endswith(
                    (';', '}', '*/')):
                sig.insert(0, lines[j])
                j -= 1
            text = ' '.join(sig)
            m = NAME.search(text)
            k = i + 1
            while k < len(lines) and lines[k] != '}':
                k += 1
            if m and '=' not in text.split('(')[0]:
                yield m.group(1), j + 2, k - i - 1
            i = k
        i += 1


def main(argv):
    limit = 80
    args = argv[1:]
    if len(args) >= 2 and args[0] == '--max':
        limit = int(args[1])
        args = args[2:]
    files = []
    for a in args:
        if os.path.isdir(a):
            files += sorted(os.path.join(a, n) for n in os.listdir(a)
                            if n.endswith('.c'))
        else:
            files.append(a)
    found = []
    for path in files:
        for name, line, n in functions(path):
            if n > limit:
                found.append((n, path, line, name))
    for n, path, line, name in sorted(found, reverse=True):
        print(f'{path}:{line}: {name}: {n} lines')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

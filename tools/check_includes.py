#!/usr/bin/env python3
"""Fails when an include breaks the layering of docs/ARCHITECTURE.md.

Folders are common/<layer>, services/<name>, gateway and tools/<name>. The
rules: no include cycle between folders; common/ includes only common/; a
service, the gateway and a tool include common/ and their own folder only.
`make test` runs it. Usage: tools/check_includes.py [SOURCE_DIR]
"""
import os
import re
import sys

INCLUDE = re.compile(r'^#include "((?:common|services|gateway|tools)/[^"]+)"', re.M)


def folder_of(path):
    parts = path.split('/')
    if parts[0] in ('common', 'services', 'tools') and len(parts) > 2:
        return '/'.join(parts[:2])
    return parts[0]


def include_edges(root):
    """{(from folder, to folder): first file that makes the edge}."""
    edges = {}
    for top in ('common', 'services', 'gateway', 'tools'):
        for directory, subdirs, files in os.walk(os.path.join(root, top)):
            subdirs[:] = [d for d in subdirs if d not in ('build', 'node_modules')]
            for name in sorted(files):
                if not name.endswith(('.cc', '.h')):
                    continue
                path = os.path.join(directory, name)
                rel = os.path.relpath(path, root)
                with open(path, encoding='utf-8') as f:
                    for included in INCLUDE.findall(f.read()):
                        a, b = folder_of(rel), folder_of(included)
                        if a != b:
                            edges.setdefault((a, b), rel)
    return edges


def find_cycle(graph):
    """A list of folders forming a cycle, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = 'open'
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 'open':
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 'done'
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    edges = include_edges(root)
    problems = []
    for (a, b), where in sorted(edges.items()):
        if not b.startswith('common/'):
            problems.append(f'{where}: {a} reaches into {b} (only common/ is shared)')
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    cycle = find_cycle(graph)
    if cycle:
        steps = ' -> '.join(cycle)
        witnesses = ', '.join(edges[(x, y)] for x, y in zip(cycle, cycle[1:]))
        problems.append(f'include cycle between folders: {steps} (via {witnesses})')
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    folders = {a for a, _ in edges} | {b for _, b in edges}
    print(f'{len(edges)} include edges between {len(folders)} folders: no cycle, '
          'nothing outside common/ shared')
    return 0


if __name__ == '__main__':
    sys.exit(main())

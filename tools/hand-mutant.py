#!/usr/bin/env python3
"""Tries one hand-made bug: replaces OLD by NEW (exactly one match) in FILE, builds TEST_PROJECT,
runs its tests matching FILTER, prints the failing tests and KILLED or SURVIVED, and always
restores FILE. Afterwards rebuild the test project: its bin/ still holds the bugged build.

usage: tools/hand-mutant.py FILE OLD NEW TEST_PROJECT FILTER
  e.g. tools/hand-mutant.py src/PhpShmCompat/Shmop/ShmopSegment.cs \
         'count > size - offset)' 'count > size - offset + 1)' tests/PhpShmCompat.Tests 'FullyQualifiedName~ShmopBounds'
"""
import os, subprocess, sys

if len(sys.argv) != 6:
    sys.exit(__doc__)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
file, old, new, project, test_filter = sys.argv[1:]
path = os.path.join(root, file)
with open(path, encoding='utf-8') as f:
    source = f.read()
if source.count(old) != 1:
    sys.exit(f'{file}: expected exactly one match of {old!r}, found {source.count(old)}')
with open(path, 'w', encoding='utf-8') as f:
    f.write(source.replace(old, new))
try:
    build = subprocess.run(['dotnet', 'build', os.path.join(root, project), '-c', 'Release', '-nologo'], capture_output=True, text=True)
    if build.returncode != 0:
        print(build.stdout[-3000:])
        sys.exit('the bugged source does not build')
    test = subprocess.run(['dotnet', 'test', os.path.join(root, project), '-c', 'Release', '--no-build', '--filter', test_filter],
                          capture_output=True, text=True)
    lines = [l for l in test.stdout.splitlines() if l.strip().startswith('Failed ') or 'Passed!' in l or 'Failed!' in l]
    print('\n'.join(lines[:20]))
    print('KILLED' if test.returncode != 0 else 'SURVIVED')
finally:
    with open(path, 'w', encoding='utf-8') as f:
        f.write(source)

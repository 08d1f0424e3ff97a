#!/usr/bin/env python3
"""Renders the API reference in docs/api/ from the protos and their comments.

One Markdown file per service of protos/interplan (its methods, then every
message and enum its requests and responses reach, with each field's number,
type and comment) and an index, docs/api/README.md. protoc writes the
descriptors with their source comments (--include_source_info); Debian's
python3-protobuf reads them. `make test` runs it with --check (tests/proto).

Usage:
  tools/api_docs/gen_api_docs.py [--source DIR] [--out DIR] [--protoc PROTOC]
  tools/api_docs/gen_api_docs.py --check [--source DIR] [--protoc PROTOC]
--check renders into a temporary directory and fails, naming the files,
when docs/api differs from it.
"""
import argparse
import filecmp
import os
import subprocess
import sys
import tempfile

try:
    from google.protobuf import descriptor_pb2
except ImportError:
    sys.exit('python3-protobuf is missing: apt-get install python3-protobuf '
             '(or run this script with /usr/bin/python3)')

GENERATOR = 'tools/api_docs/gen_api_docs.py'
SCALARS = {
    1: 'double', 2: 'float', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'fixed64', 7: 'fixed32',
    8: 'bool', 9: 'string', 12: 'bytes', 13: 'uint32', 15: 'sfixed32', 16: 'sfixed64',
    17: 'sint32', 18: 'sint64',
}
TYPE_MESSAGE, TYPE_ENUM = 11, 14
LABEL_REPEATED = 3
# SourceCodeInfo path components (descriptor.proto field numbers).
FILE_MESSAGE, FILE_ENUM, FILE_SERVICE = 4, 5, 6
MESSAGE_FIELD, MESSAGE_NESTED, MESSAGE_ENUM = 2, 3, 4
ENUM_VALUE, SERVICE_METHOD = 2, 2


def api_protos(source):
    """Every .proto under protos/interplan, relative to protos/, sorted."""
    root = os.path.join(source, 'protos')
    found = []
    for directory, _, files in os.walk(os.path.join(root, 'interplan')):
        found += [os.path.relpath(os.path.join(directory, f), root)
                  for f in files if f.endswith('.proto')]
    return sorted(found)


def read_descriptors(source, protoc):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'api.binpb')
        subprocess.run([protoc, '-I', os.path.join(source, 'protos'), '--include_imports',
                        '--include_source_info', '--descriptor_set_out=' + out]
                       + api_protos(source), check=True)
        files = descriptor_pb2.FileDescriptorSet()
        with open(out, 'rb') as f:
            files.ParseFromString(f.read())
    return files


def comment_of(location):
    if location is None:
        return ''
    parts = [location.leading_comments, location.trailing_comments]
    lines = []
    for part in parts:
        for line in part.strip('\n').split('\n'):
            lines.append(line[1:] if line.startswith(' ') else line)
    return '\n'.join(lines).strip()


class Schema:
    """The descriptors by full name, with each one's file, path and comment."""

    def __init__(self, files):
        self.messages, self.enums, self.services = {}, {}, []
        self.order = {}  # full name -> declaration order, for stable output
        for file in files.file:
            locations = {tuple(loc.path): loc for loc in file.source_code_info.location}
            prefix = '.' + file.package if file.package else ''
            for i, message in enumerate(file.message_type):
                self._add_message(file, locations, prefix, message, (FILE_MESSAGE, i))
            for i, enum in enumerate(file.enum_type):
                self._add_enum(file, locations, prefix, enum, (FILE_ENUM, i))
            for i, service in enumerate(file.service):
                self.services.append((file, service, locations, (FILE_SERVICE, i)))

    def _add_message(self, file, locations, prefix, message, path):
        name = prefix + '.' + message.name
        self.messages[name] = (file, message, locations, path)
        self.order[name] = len(self.order)
        for i, nested in enumerate(message.nested_type):
            self._add_message(file, locations, name, nested, path + (MESSAGE_NESTED, i))
        for i, enum in enumerate(message.enum_type):
            self._add_enum(file, locations, name, enum, path + (MESSAGE_ENUM, i))

    def _add_enum(self, file, locations, prefix, enum, path):
        name = prefix + '.' + enum.name
        self.enums[name] = (file, enum, locations, path)
        self.order[name] = len(self.order)

    def reachable(self, roots):
        """The message and enum names the roots lead to through fields."""
        seen, todo = set(), list(roots)
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            if name in self.messages:
                for field in self.messages[name][1].field:
                    if field.type in (TYPE_MESSAGE, TYPE_ENUM):
                        todo.append(field.type_name)
        documented = [n for n in seen if n in self.enums or
                      (n in self.messages and not n.startswith('.google.protobuf.'))]
        return sorted(documented, key=lambda n: self.order[n])


def cell(text):
    return ' '.join(text.split('\n')).replace('|', '\\|')


def link(type_name, documented):
    name = type_name.lstrip('.')
    return f'[`{name}`](#{name})' if type_name in documented else f'`{name}`'


def map_entry(schema, field):
    entry = schema.messages.get(field.type_name)
    if entry is None or not entry[1].options.map_entry:
        return None
    return entry[1]


def field_type(schema, field, documented):
    entry = map_entry(schema, field)
    if entry is not None:
        key, value = entry.field[0], entry.field[1]
        return f'map<{field_type(schema, key, documented)}, {field_type(schema, value, documented)}>'
    base = SCALARS.get(field.type) or link(field.type_name, documented)
    if base in SCALARS.values():
        base = f'`{base}`'
    if field.label == LABEL_REPEATED:
        return 'repeated ' + base
    if field.proto3_optional:
        return 'optional ' + base
    return base


def render_message(schema, name, documented):
    file, message, locations, path = schema.messages[name]
    out = [f'<a id="{name[1:]}"></a>', f'### {name[1:]}', '']
    text = comment_of(locations.get(path))
    if text:
        out += [text, '']
    fields = list(message.field)
    if not fields:
        return out + ['No fields.', '']
    out += ['| Field | Number | Type | Description |', '|---|---|---|---|']
    for i, field in enumerate(fields):
        description = comment_of(locations.get(path + (MESSAGE_FIELD, i)))
        if field.HasField('oneof_index') and not field.proto3_optional:
            oneof = message.oneof_decl[field.oneof_index].name
            description = f'One of `{oneof}`. ' + description
        out.append(f'| `{field.name}` | {field.number} | {field_type(schema, field, documented)} '
                   f'| {cell(description.strip())} |')
    return out + ['']


def render_enum(schema, name):
    file, enum, locations, path = schema.enums[name]
    out = [f'<a id="{name[1:]}"></a>', f'### {name[1:]}', '']
    text = comment_of(locations.get(path))
    if text:
        out += [text, '']
    out += ['| Value | Number | Description |', '|---|---|---|']
    for i, value in enumerate(enum.value):
        description = comment_of(locations.get(path + (ENUM_VALUE, i)))
        out.append(f'| `{value.name}` | {value.number} | {cell(description)} |')
    return out + ['']


def render_service(schema, file, service, locations, path):
    full = f'{file.package}.{service.name}'
    roots = []
    for method in service.method:
        roots += [method.input_type, method.output_type]
    types = schema.reachable(roots)
    documented = set(types)
    out = [f'# {full}', '',
           f'<!-- Generated by {GENERATOR} from protos/{file.name}: do not edit. -->', '']
    text = comment_of(locations.get(path))
    if text:
        out += [text, '']
    out += [f'Defined in `{file.name}`; compile it with the files it imports: '
            + ', '.join(f'`{d}`' for d in file.dependency) + '.', '', '## Methods', '']
    for i, method in enumerate(service.method):
        out += [f'### {method.name}', '',
                f'`rpc {method.name}({method.input_type.lstrip(".")}) returns '
                f'({method.output_type.lstrip(".")})`', '']
        text = comment_of(locations.get(path + (SERVICE_METHOD, i)))
        if text:
            out += [text, '']
        out += [f'Request: {link(method.input_type, documented)}. '
                f'Response: {link(method.output_type, documented)}.', '']
    messages = [n for n in types
                if n in schema.messages and not schema.messages[n][1].options.map_entry]
    enums = [n for n in types if n in schema.enums]
    if messages:
        out += ['## Messages', '']
        for name in messages:
            out += render_message(schema, name, documented)
    if enums:
        out += ['## Enums', '']
        for name in enums:
            out += render_enum(schema, name)
    return full, '\n'.join(out).rstrip('\n') + '\n'


def render_index(schema, rendered):
    out = ['# API reference', '',
           f'<!-- Generated by {GENERATOR}: do not edit. -->', '',
           'One page per gRPC service of `protos/interplan`: its methods, and every message '
           'and enum they use, with the comments of the protos. Regenerate after changing a '
           f'proto: `python3 {GENERATOR}` (Debian\'s python3-protobuf); `make test` fails '
           'while this directory is stale.', '',
           'Enum values carry their enum\'s prefix (AIP-126: `PLAN_STATUS_ISSUED`); the zero '
           'value `<ENUM>_UNSPECIFIED` means "not set". Dates are `google.type.Date` (a zero '
           'month or day: not known), errors are `google.rpc.Status` with the standard '
           'details (`protos/google/rpc`).', '',
           '| Service | File | Methods | About |', '|---|---|---|---|']
    for full, file, service, about in rendered:
        first = about.split('\n\n')[0].replace('\n', ' ')
        out.append(f'| [{full}]({full}.md) | `{file.name}` | {len(service.method)} '
                   f'| {cell(first)} |')
    return '\n'.join(out) + '\n'


def render(source, out_dir, protoc):
    schema = Schema(read_descriptors(source, protoc))
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):  # a page of a service since removed goes too
        if old.endswith('.md'):
            os.remove(os.path.join(out_dir, old))
    rendered = []
    for file, service, locations, path in schema.services:
        if not file.package.startswith('interplan.'):
            continue
        full, text = render_service(schema, file, service, locations, path)
        with open(os.path.join(out_dir, full + '.md'), 'w', encoding='utf-8') as f:
            f.write(text)
        rendered.append((full, file, service, comment_of(locations.get(path))))
    rendered.sort(key=lambda r: r[0])
    with open(os.path.join(out_dir, 'README.md'), 'w', encoding='utf-8') as f:
        f.write(render_index(schema, rendered))


def stale_files(expected_dir, actual_dir):
    expected = set(os.listdir(expected_dir))
    actual = set(os.listdir(actual_dir)) if os.path.isdir(actual_dir) else set()
    differ = sorted(expected ^ actual)
    for name in sorted(expected & actual):
        if not filecmp.cmp(os.path.join(expected_dir, name), os.path.join(actual_dir, name),
                           shallow=False):
            differ.append(name)
    return differ


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument('--source', default=os.path.dirname(os.path.dirname(here)))
    parser.add_argument('--out', default=None, help='default: SOURCE/docs/api')
    parser.add_argument('--protoc', default='protoc')
    parser.add_argument('--check', action='store_true')
    args = parser.parse_args()
    docs = args.out or os.path.join(args.source, 'docs', 'api')
    if not args.check:
        render(args.source, docs, args.protoc)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        render(args.source, tmp, args.protoc)
        differ = stale_files(tmp, docs)
    if differ:
        print(f'docs/api is stale: run python3 {GENERATOR} (differs: {", ".join(differ)})',
              file=sys.stderr)
        return 1
    print('docs/api matches the protos')
    return 0


if __name__ == '__main__':
    sys.exit(main())

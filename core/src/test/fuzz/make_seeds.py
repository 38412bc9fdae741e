#!/usr/bin/env python3
"""Writes the seed corpus of ParserFuzzTest (no NumPy needed): small corpus files and the red-team cases of
issue 18, scaled down to stay inside the per-input bounds of a regular build. Run from the repository root:
    python3 core/src/test/fuzz/make_seeds.py
Existing files (findings of campaigns included) are kept; seeds are rewritten."""
import os, shutil, struct, glob

ROOT = os.path.join('core', 'src', 'test', 'resources', 'io', 'npy4j', 'ParserFuzzTestInputs')


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'seed-' + name), 'wb') as f:
        f.write(data.encode('utf-8') if isinstance(data, str) else data)


def npy(header, data=b'', version=(1, 0), raw_len=None):
    text = header.encode('latin-1' if version[0] < 3 else 'utf-8') if isinstance(header, str) else header
    if version[0] == 1 and len(text) > 65000:
        version = (2, 0)
    pre = 10 if version[0] == 1 else 12
    pad = (-(pre + len(text) + 1)) % 64
    text = text + b' ' * pad + b'\n'
    n = len(text) if raw_len is None else raw_len
    size = struct.pack('<H', n) if version[0] == 1 else struct.pack('<I', n)
    return b'\x93NUMPY' + bytes(version) + size + text + data


def hdr(descr, shape, fortran='False'):
    return "{'descr': %s, 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape)


# --- corpus files: the small ones, headers and whole files ---------------------------------------------------
small = sorted(p for p in glob.glob('src-test-fixtures/corpus/npy/**/*.npy', recursive=True)
               if os.path.getsize(p) <= 2048)
# every malformed file, vector and header-only file; one valid file in four (they differ in dtype and shape only)
small = [p for p in small if '/valid/' not in p] + [p for p in small if '/valid/' in p][::4]
for p in small:
    name = p.split('corpus/npy/')[1].replace('/', '_')
    with open(p, 'rb') as f:
        b = f.read()
    put('readHeader', name, b)
    put('read', name, b)
    # the header text alone for the literal parser
    if b[:6] == b'\x93NUMPY' and len(b) >= 10:
        n = struct.unpack('<H', b[8:10])[0] if b[6] == 1 else (struct.unpack('<I', b[8:12])[0] if len(b) >= 12 else 0)
        start = 10 if b[6] == 1 else 12
        put('parseLiteral', name + '.txt', b[start:start + n])

# --- red-team cases (issue 18), scaled down -------------------------------------------------------------------
# 16,000 colliding keys: before the keyed hash (issue 18 item 1) such a literal took about 10 s, well over the bound
# of a regression run (1 s + 10 us per byte, about 4 s here; an unkeyed int hash took 5.5 s at 12,000 keys), so these
# seeds catch that class coming back
M = 16000
collide_ints = '{' + ', '.join('%d: 0' % (k * 2**32 + 31 * (M - k)) for k in range(M)) + '}'
collide_tuples = '{' + ', '.join('(%d, %d): 0' % (k, 10**6 - 31 * k) for k in range(M)) + '}'
blocks = ['Aa', 'BB']
collide_strs = '{' + ', '.join("'%s': 0" % ''.join(blocks[(k >> i) & 1] for i in range(14)) for k in range(M)) + '}'
collide_set = '{' + ', '.join('%d' % (k * 2**32 + 31 * (M - k)) for k in range(M)) + '}'
deep = '[' * 300 + ']' * 300
put('parseLiteral', 'collide-int-keys', collide_ints)
put('parseLiteral', 'collide-tuple-keys', collide_tuples)
put('parseLiteral', 'collide-str-keys', collide_strs)
put('parseLiteral', 'collide-set', collide_set)
put('parseLiteral', 'deep-300', deep)
put('parseLiteral', 'digits-5000', '1' * 5000)
put('parseLiteral', 'float-20000-digits', '1' * 20000 + '.5e-3')
put('parseLiteral', 'strings', "(u'a\\u00e9\\x00', b'\\xff', 'it''s', \"q\\\"\", r'\\n', 2L, -0x1F, 0o17, 1_000, 1e400j, None)")
put('parseLiteral', 'bad-utf8', b'{"\xff\xfe": 1}')

put('readHeader', 'collide-int-keys', npy('{' + ', '.join('%d: 0' % (k * 2**32 + 31 * (M - k)) for k in range(M))
                                          + ", 'descr': '<f8', 'fortran_order': False, 'shape': (), }"))
put('readHeader', 'comma-descr-10k', npy(hdr("'" + ','.join(['i1'] * 10000) + "'", '()')))
put('readHeader', 'struct-5k-fields', npy(hdr('[' + ', '.join("('f%d', '<u1')" % i for i in range(5000)) + ']', '()')))
put('readHeader', 'deep-descr', npy(hdr('[' * 300 + ']' * 300, '()')))
put('readHeader', 'dims-65', npy(hdr("'<f8'", '(' + '1, ' * 65 + ')')))
put('readHeader', 'dims-64', npy(hdr("'<f8'", '(' + '1, ' * 64 + ')'), b'\0' * 8))
put('readHeader', 'shape-digits-5000', npy(hdr("'<f8'", '(' + '9' * 5000 + ',)')))
put('readHeader', 'shape-float-20000', npy(hdr("'<f8'", '(1' + '0' * 20000 + '.0,)')))
put('readHeader', 'shape-overflow', npy(hdr("'<f8'", '(4294967296, 4294967296)')))
put('readHeader', 'subarray-overflow', npy(hdr("('<f8', (2147483647, 2147483647, 2147483647))", '()')))
put('readHeader', 'header-len-max', b'\x93NUMPY\x02\x00\xff\xff\xff\xff' + b'{' * 64)
put('readHeader', 'header-len-2-31', b'\x93NUMPY\x02\x00\x00\x00\x00\x80' + b'{' * 64)
put('readHeader', 'header-len-0', b'\x93NUMPY\x01\x00\x00\x00')
put('readHeader', 'v3-bad-utf8', npy(b"{'descr': '<f8', 'fortran_order': False, 'shape': (), '\xc3\x28': 1}",
                                      version=(3, 0)))
put('readHeader', 'v3-unicode-names', npy(hdr("[('\u00e9t\u00e9', '<f4'), ('\U0001f600', '<i2')]", '(2,)'), version=(3, 0)))
put('readHeader', 'titles-offsets', npy(hdr("[(('title', 'x'), '<i4', (2, 3)), ('', '|V4'), ('y', '>c16')]", '(1,)')))

put('read', 'huge-shape-no-data', npy(hdr("'|u1'", '(2147483000,)')))
put('read', 'too-large', npy(hdr("'<f8'", '(1073741824,)')))
put('read', 'fortran-2x3', npy(hdr("'<i2'", '(2, 3)', 'True'), bytes(range(12))))
put('read', 'struct', npy(hdr("[('a', '<i4'), ('b', '>f8', (2,)), ('', '|V3')]", '(2,)'), bytes(range(2 * 23))))
put('read', 'strings', npy(hdr("'<U3'", '(2,)'), b'a\0\0\0' * 6))
put('read', 'object', npy(hdr("'|O'", '(2,)'), b'\x80\x02'))
put('read', 'zero-size', npy(hdr("'<f8'", '(0, 5)')))
put('read', 'datetime', npy(hdr("'<M8[25us]'", '(1,)'), b'\1' * 8))

for name, d in {
    'f8': "'<f8'", 'be-c16': "'>c16'", 'bool': "'|b1'", 'str': "'|S10'", 'unicode': "'<U5'", 'void': "'|V7'",
    'name': "'float64'", 'datetime': "'<m8[3ms]'", 'object': "'|O'", 'struct': "[('a', '<i4'), ('b', '>f8', (2, 3))]",
    'titles': "[(('t', 'x'), '<i4'), ('y', ('<f4', (2,)))]", 'padding': "[('', '|V4'), ('x', '<i2')]",
    'nested': "[('p', [('q', [('r', '<u1')])])]", 'subarray': "('<i4', (2, 3))", 'comma': "'i4,f8,(2,3)u1'",
    'comma-10k': "'" + ','.join(['i1'] * 10000) + "'", 'dup': "[('a', '<i4'), ('a', '<i4')]",
    'subarray-overflow': "('<f8', (2147483647,) * 3)", 'bare': '<f8', 'deep': '[' * 300 + ']' * 300,
    'huge-size': "'<S99999999999999999999'", 'half': "'<f2'", 'long-double': "'<f16'",
}.items():
    put('parseDescr', name, d)

for name, sl in {
    'basic': '[1:3, ::2, -1]', 'ellipsis': '[..., None, 0]', 'bare': '::-1', 'empty': '[]', 'all': '[...]',
    'neg': '[-2:, 0]', 'steps': '[::-3, 4]', 'none-64': '[' + 'None, ' * 64 + ']', 'none-65': '[' + 'None, ' * 65 + ']',
    'digits-5000': '[' + '1' * 5000 + ']', 'neg-digits': '[-' + '9' * 30 + ']', 'two-ellipses': '[..., ...]',
    'zero-step': '[::0]', 'spaces': '[ 1 : 2 , : ]', 'colons-10k': '[' + ':,' * 10000 + ']', 'bad': '[1, 2:x]',
    'unicode': '[\u0661:\u0662]', 'huge': '[9223372036854775807:-9223372036854775808:9223372036854775807]',
}.items():
    put('parseSelection', name, sl)

print('seeds written to', ROOT)

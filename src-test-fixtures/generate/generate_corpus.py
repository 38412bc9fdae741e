#!/usr/bin/env python3
"""Regenerate the npy4j test corpus (src-test-fixtures/corpus/) and its manifest.

Deterministic: fixed seeds, no timestamps, no dependence on the working directory. Running it twice
gives byte-identical output on the same NumPy/Python/platform (NumPy 2.4.6, Python 3.11, x86-64 Linux
at the time of writing; longdouble files are platform-specific by nature).

Every file gets one manifest row. `expect`/`kind` are npy4j's *policy* (set by hand below, per file);
the header columns and the `numpy` column are *measured* by running NumPy on the written file, and
the policy is cross-checked against NumPy's parse (see check_row) so a wrong hand classification
fails the generator instead of landing in the manifest.

Usage: python3 src-test-fixtures/generate/generate_corpus.py
"""
import io
import math
import os
import pickle
import pprint
import shutil
import struct
import sys
import warnings

import numpy as np
import numpy.lib._format_impl as fmt

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, '..', 'corpus'))
MAGIC = b'\x93NUMPY'
COLUMNS = ['path', 'expect', 'kind', 'version', 'descr', 'shape', 'fortran_order', 'header_len',
           'data_offset', 'itemsize', 'nbytes', 'numpy', 'note']
KINDS = {'BAD_MAGIC', 'TRUNCATED', 'UNSUPPORTED_VERSION', 'HEADER_TOO_LARGE', 'HEADER_ENCODING',
         'HEADER_SYNTAX', 'HEADER_NOT_DICT', 'HEADER_KEYS', 'BAD_SHAPE', 'BAD_FORTRAN_ORDER',
         'BAD_DESCR', 'SIZE_OVERFLOW', 'DATA_TRUNCATED'}
INT64_MAX = 2**63 - 1

# path -> (expect, kind, note); filled by the writers, measured afterwards.
PLAN = {}


def plan(rel, expect, kind, note):
    assert rel not in PLAN, rel
    assert expect in ('accept', 'reject')
    assert (kind == '-') == (expect == 'accept'), (rel, kind)
    assert kind == '-' or kind in KINDS, kind
    assert '\t' not in note and '\n' not in note
    PLAN[rel] = (expect, kind, note)


def out_path(rel):
    p = os.path.join(CORPUS, *rel.split('/'))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write_bytes(rel, data, expect, kind, note):
    with open(out_path(rel), 'wb') as f:
        f.write(data)
    plan(rel, expect, kind, note)


def save(rel, arr, note, **kw):
    """np.save the array; these are the files NumPy itself writes, so always `accept`."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # v2/v3 and metadata warnings are expected
        with open(out_path(rel), 'wb') as f:
            if 'version' in kw:
                fmt.write_array(f, np.asanyarray(arr), version=kw['version'], allow_pickle=True)
            else:
                np.save(f, arr, allow_pickle=True)
    plan(rel, 'accept', '-', note)


def header_bytes(d, version=None):
    """The exact header NumPy would write for dict d (via the private writer NumPy uses itself)."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        fmt._write_array_header(buf, d, version)
    return buf.getvalue()


def wrap(text, version=(1, 0), align=64, pad=True, encoding=None, length_field_for_pad=None):
    """Wrap raw header text the way NumPy does (spaces + '\\n' up to `align`), or verbatim if pad=False.

    length_field_for_pad reproduces the NumPy 1.9-1.13 v2.0 bug (padding computed for a 2-byte field).
    """
    if encoding is None:
        encoding = 'utf8' if version >= (3, 0) else 'latin1'
    raw = text.encode(encoding) if isinstance(text, str) else text
    lenfmt = '<H' if version == (1, 0) else '<I'
    if pad:
        lf = length_field_for_pad or struct.calcsize(lenfmt)
        hlen = len(raw) + 1
        padlen = align - ((8 + lf + hlen) % align)
        raw = raw + b' ' * padlen + b'\n'
    return MAGIC + bytes(version) + struct.pack(lenfmt, len(raw)) + raw


def sample(dtype, shape, seed=0):
    """Distinctive, deterministic values: arange-based for scalars, field by field for structs."""
    dt = np.dtype(dtype)
    shape = tuple(shape)
    n = math.prod(shape)
    rng = np.random.default_rng(seed)
    if dt.names is not None:
        a = np.zeros(shape, dt)  # zeros: padding bytes are defined (0)
        for i, name in enumerate(dt.names):
            sub = a[name]
            a[name] = sample(sub.dtype, sub.shape, seed + i + 1)
        return a
    if dt.subdtype is not None:
        base, sub = dt.subdtype
        return sample(base, shape + sub, seed)
    k = dt.kind
    if k == 'b':
        v = (np.arange(n) % 3) == 1
    elif k in 'iu':
        v = np.arange(1, n + 1, dtype=np.int64) * (-3 if k == 'i' else 3) + (7 if k == 'u' else 0)
        v = v.astype(dt, casting='unsafe')
    elif k == 'f':
        v = np.arange(n, dtype=np.float64) * 1.5 - 2.25
    elif k == 'c':
        v = np.arange(n, dtype=np.float64) * 1.5 - 2.25 + 1j * (np.arange(n) + 0.5)
    elif k == 'S':
        v = np.array([(b'ab%d' % i)[:dt.itemsize] for i in range(n)], dtype=dt)
    elif k == 'U':
        v = np.array([('\u00e9\u6574%d' % i)[:dt.itemsize // 4] for i in range(n)], dtype=dt)
    elif k == 'V':
        v = np.frombuffer(rng.integers(0, 256, n * dt.itemsize, dtype=np.uint8).tobytes(), dtype=dt)
    elif k in 'mM':
        v = (np.arange(n, dtype=np.int64) * 37 - 5)
        if n > 2:
            v[2] = np.iinfo(np.int64).min  # NaT
        v = v.view(np.dtype(k + '8' + dt.str[3:]))
    elif k == 'O':
        v = np.array([[i, 'x%d' % i, None][i % 3] for i in range(n)], dtype=object)
    else:
        raise TypeError(dt)
    out = np.empty(shape, dt)
    out.reshape(-1)[...] = np.asarray(v).reshape(-1)
    if k == 'f' and dt.itemsize > 8 or k == 'c' and dt.itemsize > 16:
        zero_longdouble_padding(out)
    return out


def zero_longdouble_padding(a):
    """x87 extended values leave 6 of 16 bytes uninitialised; zero them so the corpus is deterministic."""
    ld = np.dtype(np.longdouble)
    if ld.itemsize != 16 or np.finfo(np.longdouble).nmant != 63:
        return  # not x87-in-16-bytes: nothing undefined to clear
    b = a.view(np.uint8).reshape(-1, 16)
    if a.dtype.byteorder == '>':
        b[:, :6] = 0
    else:
        b[:, 10:] = 0


# ----------------------------------------------------------------------------------------------
# valid files written by NumPy
# ----------------------------------------------------------------------------------------------

def gen_valid_scalars():
    sized = ['i2', 'i4', 'i8', 'u2', 'u4', 'u8', 'f2', 'f4', 'f8', 'f16', 'c8', 'c16', 'c32', 'U3', 'U0']
    for code in ['b1', 'i1', 'u1', 'S5', 'V7']:
        save('npy/valid/scalar/%s.npy' % code, sample(code, (5,), 1), 'np.save of 5 x |%s' % code)
    for order, tag in (('<', 'le'), ('>', 'be')):
        for code in sized:
            dt = np.dtype(order + code)
            if code.endswith('0'):
                a = np.ndarray(3, dt)  # zero-width: np.zeros would silently widen to 1
            else:
                a = sample(dt, (5,), 2)
            save('npy/valid/scalar/%s_%s.npy' % (code, tag), a, 'np.save of %s' % dt.str)
    save('npy/valid/scalar/S0.npy', np.ndarray(4, 'S0'), "zero-width bytes via np.ndarray(4, 'S0')")
    save('npy/valid/scalar/V0.npy', np.ndarray(4, 'V0'), 'zero-width void')
    save('npy/valid/scalar/longdouble_2d.npy', sample(np.longdouble, (2, 3), 3),
         'native longdouble 2-D (padding bytes zeroed by the generator)')


def gen_valid_datetime():
    units = ['', 'Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', 'ps', 'fs', 'as']
    for kind in 'Mm':
        for unit in units:
            for order, tag in (('<', 'le'), ('>', 'be')):
                dt = np.dtype('%s%s8%s' % (order, kind, '[%s]' % unit if unit else ''))
                name = '%s8_%s_%s' % (kind, unit or 'generic', tag)
                save('npy/valid/datetime/%s.npy' % name, sample(dt, (4,), 4), 'np.save of %s' % dt.str)
    for s in ['<M8[25s]', '>M8[25s]', '<m8[10ms]', '>m8[10ms]', '<M8[7D]', '<m8[3us]']:
        dt = np.dtype(s)
        name = s[1:].replace('[', '_').replace(']', '') + ('_le' if s[0] == '<' else '_be')
        save('npy/valid/datetime/mult_%s.npy' % name, sample(dt, (4,), 5), 'unit multiplier %s' % s)


def gen_valid_layout():
    L = 'npy/valid/layout/'
    save(L + 'c_2d_f8.npy', sample('<f8', (3, 5)), 'C order 2-D')
    f2 = np.asfortranarray(sample('<i4', (3, 5)))
    assert f2.flags.f_contiguous and not f2.flags.c_contiguous
    save(L + 'f_2d_i4.npy', f2, 'Fortran order 2-D: data column-major, header shape is logical')
    f2be = np.asfortranarray(sample('>i4', (3, 5)))
    save(L + 'f_2d_i4_be.npy', f2be, 'Fortran order big-endian')
    f3 = np.asfortranarray(sample('<f4', (2, 3, 4)))
    assert f3.flags.f_contiguous and not f3.flags.c_contiguous
    save(L + 'f_3d_f4.npy', f3, 'Fortran order 3-D')
    save(L + 'f_2d_struct.npy', np.asfortranarray(sample([('a', '<i2'), ('b', '<f8')], (2, 3))),
         'Fortran order structured')
    t = sample('<f8', (30, 50)).T
    save(L + 'transposed_30x50.npy', t, 'test_format basic_arrays: (30,50).T is written in F order')
    nc = sample('<i8', (30, 50))[::-1, ::2]
    assert not nc.flags.c_contiguous and not nc.flags.f_contiguous
    save(L + 'noncontiguous_slice.npy', nc, 'non-contiguous (30,50)[::-1, ::2] written in C order')
    save(L + 'row_5_1.npy', np.asfortranarray(sample('<i2', (5, 1))),
         'shape (5,1) is both C and F contiguous: fortran_order False')
    for dt in ['<f8', '|u1', '>i4', '|b1', '<c16', '|S3', '<U2', '<M8[D]']:
        save(L + 'scalar_0d_%s.npy' % np.dtype(dt).str.strip('<>|').replace('[', '_').replace(']', ''),
             sample(dt, ()), '0-d array of %s' % dt)
    save(L + 'empty_0.npy', np.zeros((0,), '<f8'), 'empty (0,)')
    save(L + 'empty_3_0.npy', np.zeros((3, 0), '<i4'), 'empty (3, 0)')
    save(L + 'empty_1_0_1_0_1.npy', np.zeros((1, 0, 1, 0, 1), '>f4'), 'empty 5-D')
    save(L + 'empty_0_struct.npy', np.zeros((0,), [('a', '<i4'), ('b', '|S2')]), 'empty struct')
    save(L + 'empty_fortran_0_3.npy', np.asfortranarray(np.zeros((0, 3), '<f8')),
         'empty arrays are C contiguous: fortran_order False')
    save(L + 'empty_float_list.npy', np.array([]), 'np.array([]) (float64)')
    save(L + 'empty_large_other_dims.npy', np.empty((2**31, 0, 2**20), '<f8'),
         'zero elements although the other dims are large (their product still fits int64)')
    for nd, shape in enumerate([(7,), (2, 3), (2, 3, 4), (2, 1, 3, 2), (2, 1, 2, 1, 3)], start=1):
        save(L + 'nd_%d.npy' % nd, sample('<i4', shape, nd), '%d-D C order' % nd)
    save(L + 'nd_5_fortran.npy', np.asfortranarray(sample('<i2', (2, 1, 2, 1, 3))), '5-D Fortran')
    save(L + 'arange_1500_be.npy', np.arange(1500, dtype='>u8'), 'test_format basic_arrays 1-D arange(1500)')


def gen_valid_struct():
    from numpy.lib.tests import test_format as tf
    S = 'npy/valid/struct/'
    for order, tag in (('<', 'le'), ('>', 'be')):
        p = np.array(tf.PbufferT, dtype=np.dtype(tf.Pdescr).newbyteorder(order))
        save(S + 'record_P_%s.npy' % tag, p, 'test_format record_arrays Pdescr %s' % order)
        n = np.array(tf.NbufferT, dtype=np.dtype(tf.Ndescr).newbyteorder(order))
        save(S + 'record_N_%s.npy' % tag, n, 'test_format record_arrays Ndescr (nested) %s' % order)
    save(S + 'record_P_recarray.npy', np.rec.array(tf.PbufferT, dtype=tf.Pdescr),
         'np.recarray: written like any struct')
    sub = np.zeros(2, dtype=[('c', ('<f8', (5,)), (2,))])
    sub['c'] = np.arange(20, dtype='<f8').reshape(2, 2, 5)
    save(S + 'subarray_of_subarray.npy', sub, "[('c', ('<f8', (5,)), (2,))]")
    for i, dt in enumerate([tf.dt1, tf.dt2, tf.dt3, tf.dt4, tf.dt5, tf.dt6], start=1):
        arr = np.zeros(3, dt)
        for j in range(3):
            arr[j] = j + 5
        save(S + 'padded_dt%d.npy' % i, arr, 'test_load_padded_dtype dt%d' % i)
    dts = tf.test_descr_to_dtype.pytestmark[0].args[1]
    for i, dt in enumerate(dts, start=1):
        save(S + 'descr_to_dtype_%d.npy' % i, np.zeros(3, dt), 'test_descr_to_dtype case %d' % i)
    save(S + 'empty_struct_itemsize0.npy', np.zeros(3, np.dtype([])), "struct with no fields: descr []")
    save(S + 'titles.npy', sample(np.dtype({'names': ['a', 'b'], 'formats': ['<i4', '<f4'],
                                            'titles': ['Alpha', 'Beta']}), (3,)), 'field titles')
    save(S + 'empty_name_non_void.npy', sample(tf.dt4, (2,)), "field named '' that is not void is kept")
    vf = np.zeros(2, np.dtype({'names': ['', 'a'], 'formats': ['V4', '<i4']}))
    save(S + 'void_field_empty_name.npy', vf, "void field named '' is indistinguishable from padding")
    ef = np.zeros(2, np.dtype({'names': ['', 'a'], 'formats': [('<i4', (2,)), '<i4']}))
    ef[''] = [[1, 2], [3, 4]]
    ef['a'] = [5, 6]
    save(S + 'empty_name_subarray_dropped.npy', ef,
         "subarray field named '' has type void, so descr_to_dtype drops it as padding: data loss on load")
    mixed = [('a', '<i2'), ('b', '>i2'), ('c', '<f8'), ('d', '>f8'), ('e', '|b1'), ('f', '|S3'),
             ('g', '>U2'), ('h', '<M8[s]'), ('i', '>m8[ms]'), ('j', '<c8'), ('k', '|V3'), ('l', '>u8', (2, 2))]
    save(S + 'all_kinds.npy', sample(mixed, (3,)), 'mixed kinds and byte orders in one struct')
    a = np.zeros(3, dtype=[('foo', '<i8'), ('bar', '<i4'), ('baz', '<f8')])
    a['foo'], a['bar'], a['baz'] = [1, 2, 3], [-1, -2, -3], [0.5, 1.5, 2.5]
    save(S + 'multifield_view.npy', a[['foo', 'baz']], "a[['foo','baz']]: hidden field bar written as padding")
    save(S + 'unicode_field_names.npy', sample([('int', '<i8'), ('\u6574\u5f62', '<i8')], (2,)),
         'test_unicode_field_names: non-latin-1 name forces version 3.0 (UTF-8)')
    save(S + 'latin1_field_name.npy', sample([('\u00e9t\u00e9', '<i8')], (2,)),
         "latin-1 name 'été' stays version 1.0 as raw byte 0xE9")
    names = ["a'b", 'e\'f"g', 't\tn\n', '\x00', '\u200b', '\x7f\x80\xa0\xff', 'back\\slash', 'cr\r']
    save(S + 'name_escapes.npy', sample([(n, '|u1') for n in names], (1,)),
         'Python repr escapes in field names (quotes, controls, non-printables, raw 0xFF)')
    v20 = [(('%d' % i) * 100, '<f8') for i in range(500)]
    save(S + 'version_2_0_500_names.npy', sample(v20, (2,)), 'test_version_2_0 dtype: header > 64 KiB -> v2.0')
    big = [('field_%05d' % i, '<i4') for i in range(3000)]
    save(S + 'fields_3000.npy', sample(big, (1,)), '3000 fields, header ~72 KB, v2.0')
    save(S + 'nested_deep.npy', np.zeros(2, [('a', [('b', [('c', [('d', '<i2', (2,))])])])]), '4 levels of nesting')
    save(S + 'field_subarray_3d.npy', sample([('m', '<f4', (2, 3, 4)), ('n', '|u1')], (2,)), '3-D subarray field')


def gen_valid_header():
    H = 'npy/valid/header/'
    a = sample('<f8', (3,))
    save(H + 'explicit_v2_0.npy', a, 'write_array(version=(2,0)) of a small array', version=(2, 0))
    save(H + 'explicit_v3_0_ascii.npy', a, 'write_array(version=(3,0)) ascii: same bytes as v2 but version',
         version=(3, 0))
    save(H + 'explicit_v1_0.npy', a, 'write_array(version=(1,0))', version=(1, 0))
    for i in range(0, 5):
        save(H + 'growth_1e%d.npy' % i, np.zeros(10**i, '|u1'), 'growth-axis padding keeps HEADER_LEN 118')
    save(H + 'growth_struct_22.npy', np.zeros((10, 2), [(' ' * 22, '<i8')]), 'test_header_growth_axis dtype')
    # Largest v1.0 header: text of 65524 bytes gives HEADER_LEN 65526 (the maximum v1 can hold).
    base = len("{'descr': [('', '<i4')], 'fortran_order': False, 'shape': (), }")
    name = 'n' * (65524 - base)
    d = {'descr': [(name, '<i4')], 'fortran_order': False, 'shape': ()}
    hb = header_bytes(d)
    assert hb[6:8] == b'\x01\x00' and struct.unpack('<H', hb[8:10])[0] == 65526, hb[:10]
    write_bytes(H + 'v1_max_header_len_65526.npy', hb + np.int32(7).astype('<i4').tobytes(), 'accept', '-',
                'largest possible v1.0 header (HEADER_LEN 65526), written by NumPy')
    name = 'n' * (65525 - base)
    d = {'descr': [(name, '<i4')], 'fortran_order': False, 'shape': ()}
    hb = header_bytes(d)
    assert hb[6:8] == b'\x02\x00', hb[:10]
    write_bytes(H + 'v2_just_over_v1_limit.npy', hb + np.int32(7).astype('<i4').tobytes(), 'accept', '-',
                'one more header byte than v1.0 can hold: NumPy switches to v2.0')
    # Vector-style headers NumPy parses but never writes, kept here with data.
    write_bytes(H + 'exactly_10000_chars.npy',
                wrap("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }".ljust(9999) + '\n', pad=False)
                + sample('<f8', (2,)).tobytes(), 'accept', '-',
                "header text exactly NumPy's default max_header_size (10000)")
    write_bytes(H + 'over_10000_chars.npy',
                wrap("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }".ljust(10000) + '\n', pad=False)
                + sample('<f8', (2,)).tobytes(), 'accept', '-',
                'header 10001 chars: np.load refuses only by max_header_size; legal for npy4j')


def gen_valid_memmap():
    M = 'npy/valid/memmap/'
    for rel, dt, shape, fo in [('mm_f8_c.npy', '<f8', (4, 5), False), ('mm_i2_f.npy', '>i2', (3, 4), True),
                               ('mm_struct.npy', [('a', '<i4'), ('b', '|S3')], (3,), False),
                               ('mm_0d.npy', '<u4', (), False)]:
        m = fmt.open_memmap(out_path(M + rel), mode='w+', dtype=dt, shape=shape, fortran_order=fo)
        m[...] = sample(dt, shape)
        m.flush()
        del m
        plan(M + rel, 'accept', '-', 'open_memmap(mode=w+) %s %s fortran=%s' % (dt, shape, fo))


def gen_valid_object():
    O = 'npy/valid/object/'
    save(O + 'object_array.npy', np.array([1, 'two', None, 3.5], dtype=object),
         'np.save(allow_pickle=True) of an object array: header legal, data is a pickle')
    save(O + 'object_2d.npy', np.array([[1, 'a'], [None, (2,)]], dtype=object), '2-D object array')
    so = np.zeros(2, [('a', '<i4'), ('o', 'O')])
    so['o'] = ['x', 1]
    save(O + 'struct_with_object.npy', so, 'struct with an object field: hasobject, nbytes -1')
    arr = np.array([1, 'x'], dtype=object)
    text = "{'descr': '|O8', 'fortran_order': False, 'shape': (2,), }"
    write_bytes(O + 'python2_O8.npy', wrap(text, align=16) + pickle.dumps(arr, protocol=2), 'accept', '-',
                "Python-2 era '|O8' descr (reads back as '|O'), 16-aligned, protocol-2 pickle")


def gen_valid_legacy():
    from numpy.lib.tests import test_format as tf
    G = 'npy/valid/legacy/'
    t = pprint.pformat({'descr': '|u1', 'fortran_order': False, 'shape': (0,)})
    b = wrap(t, align=16)
    assert struct.unpack('<H', b[8:10])[0] == 70
    write_bytes(G + 'pprint_empty_u1.npy', b, 'accept', '-',
                'NumPy 1.0.x pprint header, 16-aligned (HEADER_LEN 70, data offset 80)')
    t = pprint.pformat({'descr': '<f8', 'fortran_order': True, 'shape': (2, 3)})
    write_bytes(G + 'pprint_f8_fortran.npy', wrap(t, align=16) + np.asfortranarray(sample('<f8', (2, 3))).tobytes(
        order='F'), 'accept', '-', 'pprint header, Fortran order')
    n = np.array(tf.NbufferT, dtype=np.dtype(tf.Ndescr).newbyteorder('<'))
    t = pprint.pformat({'descr': n.dtype.descr, 'fortran_order': False, 'shape': n.shape})
    assert '\n' in t
    write_bytes(G + 'pprint_multiline_struct.npy', wrap(t, align=16) + n.tobytes(), 'accept', '-',
                'multi-line pprint header of the Ndescr struct (test_format doctest)')
    t = "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }"
    b = wrap(t, align=16)
    assert struct.unpack('<H', b[8:10])[0] == 70
    write_bytes(G + 'py2_L_shape.npy', b + np.ones(2, '<f8').tobytes(), 'accept', '-',
                'win64 Python 2 header with 2L (like numpy tests/data/win64python2.npy)')
    t = "{'descr': '<i2', 'fortran_order': False, 'shape': (2L, 3L), }"
    write_bytes(G + 'py2_L_2d.npy', wrap(t, align=16) + sample('<i2', (2, 3)).tobytes(), 'accept', '-',
                'Python 2 L suffix on two dims, v1.0')
    t = "{'descr': '<u2', 'fortran_order': False, 'shape': (3L,), }"
    write_bytes(G + 'py2_L_v2.npy', wrap(t, version=(2, 0), align=16) + sample('<u2', (3,)).tobytes(), 'accept',
                '-', 'Python 2 L suffix in a v2.0 header (filter applies to v1 and v2)')
    t = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"
    write_bytes(G + 'numpy_1_13_style.npy', wrap(t, align=16) + sample('<f8', (3,)).tobytes(), 'accept', '-',
                "NumPy 1.1-1.13 header: ', }' form, 16-aligned, no growth padding")
    v20 = [(('%d' % i) * 100, '<f8') for i in range(500)]
    t = "{'descr': %r, 'fortran_order': False, 'shape': (2,), }" % (np.dtype(v20).descr,)
    b = wrap(t, version=(2, 0), align=16, length_field_for_pad=2)
    assert len(b) % 16 == 2
    write_bytes(G + 'v2_align16_off_by_2.npy', b + sample(v20, (2,)).tobytes(), 'accept', '-',
                'NumPy 1.9-1.13 v2.0: padding computed for a 2-byte length field, data offset = 2 mod 16')
    t = "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }"
    write_bytes(G + 'no_newline_terminator.npy', wrap(t + '   ', pad=False) + sample('<i4', (3,)).tobytes(),
                'accept', '-', 'hand-written header without final newline, unaligned data')


def gen_header_only():
    """Correct NumPy headers for huge arrays, without the data (a real file would be exabytes)."""
    O = 'npy/header_only/'
    for i in range(5, 19):
        hb = header_bytes({'descr': '|u1', 'fortran_order': False, 'shape': (10**i,)})
        write_bytes(O + 'growth_1e%02d.npy' % i, hb, 'reject', 'DATA_TRUNCATED',
                    'header of a (10**%d,) u1 array, no data; HEADER_LEN stays 118' % i)
    for rel, d, kind, note in [
        ('growth_fortran_2x1e12.npy', {'descr': '<f8', 'fortran_order': True, 'shape': (2, 10**12)},
         'DATA_TRUNCATED', 'F order grows along the last axis'),
        ('growth_struct_1e15.npy', {'descr': [(' ' * 23, '<i8')], 'fortran_order': False, 'shape': (10**15, 2)},
         'DATA_TRUNCATED', 'test_header_growth_axis struct dtype'),
        # npy4j policy: the data would end past byte 2**63-1, which no file can reach
        ('max_int64_bytes_u1.npy', {'descr': '|u1', 'fortran_order': False, 'shape': (INT64_MAX,)},
         'SIZE_OVERFLOW', 'nbytes = 2**63-1 fits int64, but data offset + nbytes does not'),
        ('square_2pow31_u1.npy', {'descr': '|u1', 'fortran_order': False, 'shape': (2**31, 2**31)},
         'DATA_TRUNCATED', 'count 2**62 fits int64'),
    ]:
        hb = header_bytes(d)
        write_bytes(O + rel, hb, 'reject', kind, note + '; header only, no data')


# ----------------------------------------------------------------------------------------------
# §12a header vectors
# ----------------------------------------------------------------------------------------------

# (number, label, version, header text (real characters), numpy-format.md policy)
# Texts copied from numpy-format.md §12a (unescaped: \n, \t, \x00 are the real characters, except
# vector 16 whose backslashes are what NumPy's repr writes). 83/84 are built by length below.
LIMIT = object()
VECTORS = [
    (1, 'numpy_1d', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 'must_accept'),
    (2, 'numpy_scalar', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 'must_accept'),
    (3, 'numpy_2d_fortran', '1.0', "{'descr': '>i4', 'fortran_order': True, 'shape': (3, 5), }", 'must_accept'),
    (4, 'numpy_empty', '1.0', "{'descr': '|u1', 'fortran_order': False, 'shape': (0,), }", 'must_accept'),
    (5, 'numpy_struct', '1.0', "{'descr': [('x', '<i4', (2,)), ('y', '<f8', (2, 2)), ('z', '|u1')], 'fortran_order': False, 'shape': (2,), }", 'must_accept'),
    (6, 'numpy_titles', '1.0', "{'descr': [('', '|V1'), (('aa', 'a'), '<i4'), ('', '|V1'), (('bb', 'b'), '<i4')], 'fortran_order': False, 'shape': (3,), }", 'must_accept'),
    (7, 'numpy_nested_subarray', '1.0', "{'descr': [('x', ('<f8', (5,)), (2,))], 'fortran_order': False, 'shape': (1,), }", 'must_accept'),
    (8, 'numpy_empty_struct', '1.0', "{'descr': [('', '|V8')], 'fortran_order': False, 'shape': (3,), }", 'must_accept'),
    (9, 'numpy_padding_only_list', '1.0', "{'descr': [], 'fortran_order': False, 'shape': (0,), }", 'must_accept'),
    (10, 'numpy_datetime', '1.0', "{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (2,), }", 'must_accept'),
    (11, 'numpy_datetime_multiplier', '1.0', "{'descr': '<M8[10ms]', 'fortran_order': False, 'shape': (2,), }", 'must_accept'),
    (12, 'numpy_U0', '1.0', "{'descr': '<U0', 'fortran_order': False, 'shape': (2,), }", 'must_accept'),
    (13, 'numpy_with_growth_pad', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }                    ", 'must_accept'),
    (14, 'numpy_v3_utf8', '3.0', "{'descr': [('整形', '<i8')], 'fortran_order': False, 'shape': (2,), }", 'must_accept'),
    (15, 'numpy_latin1_v1', '1.0', "{'descr': [('é', '<i8')], 'fortran_order': False, 'shape': (2,), }", 'must_accept'),
    (16, 'numpy_repr_escapes', '1.0', '{\'descr\': [("a\'b", \'<i4\'), (\'e\\\'f"g\', \'<i4\'), (\'t\\tn\\n\', \'|u1\'), (\'\\x00\', \'|u1\'), (\'\\u200b\', \'|u1\')], \'fortran_order\': False, \'shape\': (1,), }', 'must_accept'),
    (17, 'pprint_multiline', '1.0', "{'descr': '<f8',\n 'fortran_order': False,\n 'shape': (2,)}", 'must_accept'),
    (18, 'no_trailing_comma', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", 'must_accept'),
    (19, 'keys_any_order', '1.0', "{'shape': (2,), 'descr': '<f8', 'fortran_order': False}", 'must_accept'),
    (20, 'double_quotes', '1.0', '{"descr": "<f8", "fortran_order": False, "shape": (2,)}', 'must_accept'),
    (21, 'no_spaces', '1.0', "{'descr':'<f8','fortran_order':False,'shape':(2,)}", 'must_accept'),
    (22, 'tuple_trailing_comma', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3,), }", 'must_accept'),
    (23, 'spaces_in_tuple', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': ( 2 , 3 ), }", 'must_accept'),
    (24, 'leading_space_tab', '1.0', " \t{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 'must_accept'),
    (25, 'leading_newline', '1.0', "\n{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 'may_accept'),
    (26, 'crlf', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\r\n", 'must_accept'),
    (27, 'python2_L', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }", 'must_accept'),
    (28, 'python2_L_2d_v2', '2.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }", 'must_accept'),
    (29, 'python2_L_v3', '3.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }", 'must_reject'),
    (30, 'lower_l', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2l,), }", 'must_reject'),
    (31, 'O8_descr', '1.0', "{'descr': '|O8', 'fortran_order': False, 'shape': (4,), }", 'must_accept'),
    (32, 'field_as_list', '1.0', "{'descr': [['a', '<i4']], 'fortran_order': False, 'shape': (2,), }", 'may_accept'),
    (33, 'field_shape_int', '1.0', "{'descr': [('a', '<i4', 2)], 'fortran_order': False, 'shape': (2,), }", 'may_accept'),
    (34, 'field_shape_empty', '1.0', "{'descr': [('a', '<i4', ())], 'fortran_order': False, 'shape': (2,), }", 'may_accept'),
    (35, 'empty_name_non_void', '1.0', "{'descr': [('', '<i4'), ('a', '<i4')], 'fortran_order': False, 'shape': (2,), }", 'must_accept'),
    (36, 'descr_name_string', '1.0', "{'descr': 'float64', 'fortran_order': False, 'shape': (2,), }", 'may_accept'),
    (37, 'descr_comma_string', '1.0', "{'descr': 'i4,f8', 'fortran_order': False, 'shape': (2,), }", 'may_accept'),
    (38, 'descr_pipe_multibyte', '1.0', "{'descr': '|f8', 'fortran_order': False, 'shape': (2,), }", 'may_accept'),
    (39, 'descr_toplevel_subarray', '1.0', "{'descr': ('<i4', (2,)), 'fortran_order': False, 'shape': (3,), }", 'must_reject'),
    (40, 'u_prefix', '1.0', "{'descr': u'<f8', 'fortran_order': False, 'shape': (2,), }", 'may_accept'),
    (41, 'implicit_concat', '1.0', "{'descr': '<' 'f8', 'fortran_order': False, 'shape': (2,), }", 'may_accept'),
    (42, 'hex_int', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (0x2,), }", 'may_accept'),
    (43, 'underscore_int', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (1_0,), }", 'may_accept'),
    (44, 'plus_int', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (+2,), }", 'may_accept'),
    (45, 'paren_value', '1.0', "{'descr': '<f8', 'fortran_order': (False), 'shape': (2,)}", 'may_accept'),
    (46, 'paren_dict', '1.0', "({'descr': '<f8', 'fortran_order': False, 'shape': (2,), })", 'may_accept'),
    (47, 'comment', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }  # c", 'may_accept'),
    (48, 'duplicate_key', '1.0', "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), 'descr': '<f8'}", 'may_accept'),
    (49, 'neg_dim_header_only', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", 'must_reject'),
    (50, 'bool_dim_header_only', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (True,), }", 'must_reject'),
    (51, 'huge_dim_header_only', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }", 'must_reject'),
    (52, 'shape_list', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': [2], }", 'must_reject'),
    (53, 'shape_int', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': 2, }", 'must_reject'),
    (54, 'shape_paren_int', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2), }", 'must_reject'),
    (55, 'shape_float', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2.0,), }", 'must_reject'),
    (56, 'shape_expr', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (1+1,), }", 'must_reject'),
    (57, 'shape_leading_zero', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (02,), }", 'must_reject'),
    (58, 'fortran_int', '1.0', "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", 'must_reject'),
    (59, 'fortran_str', '1.0', "{'descr': '<f8', 'fortran_order': 'False', 'shape': (2,)}", 'must_reject'),
    (60, 'fortran_lower', '1.0', "{'descr': '<f8', 'fortran_order': false, 'shape': (2,)}", 'must_reject'),
    (61, 'fortran_none', '1.0', "{'descr': '<f8', 'fortran_order': None, 'shape': (2,)}", 'must_reject'),
    (62, 'descr_bytes', '1.0', "{'descr': b'<f8', 'fortran_order': False, 'shape': (2,), }", 'must_reject'),
    (63, 'descr_space', '1.0', "{'descr': '<f8 ', 'fortran_order': False, 'shape': (2,), }", 'must_reject'),
    (64, 'descr_i3', '1.0', "{'descr': '<i3', 'fortran_order': False, 'shape': (2,), }", 'must_reject'),
    (65, 'descr_unknown', '1.0', "{'descr': 'x', 'fortran_order': False, 'shape': (2,), }", 'must_reject'),
    (66, 'descr_empty', '1.0', "{'descr': '', 'fortran_order': False, 'shape': (2,), }", 'must_reject'),
    (67, 'descr_none', '1.0', "{'descr': None, 'fortran_order': False, 'shape': (2,), }", 'must_reject'),
    (68, 'descr_bad_unit', '1.0', "{'descr': '<M8[xx]', 'fortran_order': False, 'shape': (2,), }", 'must_reject'),
    (69, 'descr_dup_names', '1.0', "{'descr': [('a', '<i4'), ('a', '<i4')], 'fortran_order': False, 'shape': (2,), }", 'must_reject'),
    (70, 'descr_bytes_name', '1.0', "{'descr': [(b'a', '<i4')], 'fortran_order': False, 'shape': (2,), }", 'must_reject'),
    (71, 'descr_field_len1', '1.0', "{'descr': [('a',)], 'fortran_order': False, 'shape': (2,), }", 'must_reject'),
    (72, 'descr_field_len4', '1.0', "{'descr': [('a', '<i4', (2,), 5)], 'fortran_order': False, 'shape': (2,), }", 'must_reject'),
    (73, 'missing_key', '1.0', "{'descr': '<f8', 'fortran_order': False}", 'must_reject'),
    (74, 'extra_key', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}", 'must_reject'),
    (75, 'bytes_key', '1.0', "{b'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", 'must_reject'),
    (76, 'not_dict_list', '1.0', "[('descr', '<f8')]", 'must_reject'),
    (77, 'empty_text', '1.0', '', 'must_reject'),
    (78, 'spaces_only', '1.0', '   ', 'must_reject'),
    (79, 'nul_byte', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\x00", 'must_reject'),
    (80, 'unbalanced', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), ", 'must_reject'),
    (81, 'trailing_dict', '1.0', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), } {}", 'must_reject'),
    (82, 'call', '1.0', "dict(descr='<f8', fortran_order=False, shape=(2,))", 'must_reject'),
    (83, 'too_long_10001', '1.0', LIMIT, 'limit'),
    (84, 'exactly_10000', '1.0', LIMIT, 'must_accept'),
]

# npy4j error kind for each must_reject vector (numpy-format.md §4.2 grammar + the brief's policy).
VECTOR_KINDS = {
    'python2_L_v3': 'HEADER_SYNTAX', 'lower_l': 'HEADER_SYNTAX', 'descr_toplevel_subarray': 'BAD_DESCR',
    'neg_dim_header_only': 'BAD_SHAPE', 'bool_dim_header_only': 'BAD_SHAPE', 'huge_dim_header_only': 'BAD_SHAPE',
    'shape_list': 'BAD_SHAPE', 'shape_int': 'BAD_SHAPE', 'shape_paren_int': 'BAD_SHAPE', 'shape_float': 'BAD_SHAPE',
    'shape_expr': 'HEADER_SYNTAX', 'shape_leading_zero': 'HEADER_SYNTAX',
    'fortran_int': 'BAD_FORTRAN_ORDER', 'fortran_str': 'BAD_FORTRAN_ORDER', 'fortran_lower': 'HEADER_SYNTAX',
    'fortran_none': 'BAD_FORTRAN_ORDER',
    'descr_bytes': 'BAD_DESCR', 'descr_space': 'BAD_DESCR', 'descr_i3': 'BAD_DESCR', 'descr_unknown': 'BAD_DESCR',
    'descr_empty': 'BAD_DESCR', 'descr_none': 'BAD_DESCR', 'descr_bad_unit': 'BAD_DESCR',
    'descr_dup_names': 'BAD_DESCR', 'descr_bytes_name': 'BAD_DESCR', 'descr_field_len1': 'BAD_DESCR',
    'descr_field_len4': 'BAD_DESCR',
    'missing_key': 'HEADER_KEYS', 'extra_key': 'HEADER_KEYS', 'bytes_key': 'HEADER_KEYS',
    'not_dict_list': 'HEADER_NOT_DICT',
    'empty_text': 'HEADER_SYNTAX', 'spaces_only': 'HEADER_SYNTAX', 'nul_byte': 'HEADER_SYNTAX',
    'unbalanced': 'HEADER_SYNTAX', 'trailing_dict': 'HEADER_SYNTAX', 'call': 'HEADER_SYNTAX',
}


def gen_vectors():
    base = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }"
    for num, label, ver, text, policy in VECTORS:
        version = tuple(int(x) for x in ver.split('.'))
        if text is LIMIT:
            n = 10001 if label == 'too_long_10001' else 10000
            raw = wrap(base.ljust(n - 1) + '\n', version, pad=False)  # exact length, as labelled
        elif text == '':
            raw = wrap('', version, pad=False)  # HEADER_LEN 0: nothing at all to parse
        else:
            raw = wrap(text, version)
        rel = 'npy/vectors/%02d_%s.npy' % (num, label)
        # Data: enough for the declared shape when NumPy can tell us the size and it is small.
        data = b''
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                shape, fo, dtype = fmt._read_array_header(io.BytesIO(raw[8:]), version, max_header_size=2**64)
            if all(type(d) is int and d >= 0 for d in shape) and not dtype.hasobject:
                nb = math.prod(shape) * dtype.itemsize
                if nb <= 4096:
                    data = sample(dtype, shape, num).tobytes(order='F' if fo else 'C')
            elif dtype.hasobject:
                data = pickle.dumps(np.array([None] * math.prod(shape), dtype=object).reshape(shape), protocol=2)
        except Exception:
            data = bytes(range(16))  # a header NumPy refuses: 16 arbitrary bytes of "data"
        if policy in ('must_accept', 'may_accept', 'limit'):
            expect, kind = 'accept', '-'
        else:
            expect, kind = 'reject', VECTOR_KINDS[label]
        write_bytes(rel, raw + data, expect, kind, 'numpy-format.md 12a #%d %s (%s)' % (num, label, policy))


# ----------------------------------------------------------------------------------------------
# malformed files
# ----------------------------------------------------------------------------------------------

def gen_malformed():
    M = 'npy/malformed/'
    good = wrap("{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }")  # 64-aligned v1 header
    body4 = np.arange(4, dtype='<i4').tobytes()

    def h(text, data=body4, version=(1, 0), **kw):
        return wrap(text, version, **kw) + data

    def hd(shape='(4,)', descr="'<i4'", fo='False'):
        return "{'descr': %s, 'fortran_order': %s, 'shape': %s, }" % (descr, fo, shape)

    W = write_bytes
    # --- magic / truncation ---
    W(M + 'empty_file.npy', b'', 'reject', 'TRUNCATED', 'zero-length file')
    for i, bad in enumerate([b'\x92NUMPY\x01\x00', b'\x00NUMPY\x01\x00', b'\x93numpy\x01\x00',
                             b'\x93MATLB\x01\x00']):
        W(M + 'bad_magic_%d.npy' % i, bad + good[8:] + body4, 'reject', 'BAD_MAGIC',
          'malformed magic %r (test_format malformed_magic)' % bad)
    W(M + 'bad_magic_4.npy', b'\x93NUMPY\x01', 'reject', 'TRUNCATED', 'magic + major only: ends inside version')
    W(M + 'bad_magic_5.npy', b'\x93NUMPY', 'reject', 'TRUNCATED', 'magic only: ends before version')
    W(M + 'bad_magic_6.npy', b'\x93', 'reject', 'TRUNCATED', 'one byte, a correct prefix of the magic')
    W(M + 'bad_magic_short_wrong.npy', b'\x93NUX', 'reject', 'BAD_MAGIC',
      'short AND wrong: disagreeing bytes win over truncation')
    W(M + 'text_file.npy', b'hello, this is not an npy file\n', 'reject', 'BAD_MAGIC', 'plain text')
    W(M + 'pickle_not_npy.npy', pickle.dumps(np.arange(3), protocol=2), 'reject', 'BAD_MAGIC',
      'a bare pickle (np.load treats non-magic as pickle)')
    buf = io.BytesIO()
    np.savez(buf, x=np.arange(3))
    W(M + 'zip_named_npy.npy', buf.getvalue(), 'reject', 'BAD_MAGIC', 'an npz archive with an .npy name')
    for ver in [(1, 1), (0, 0), (0, 1), (2, 2), (255, 255), (4, 0)]:
        W(M + 'bad_version_%d_%d.npy' % ver, MAGIC + bytes(ver) + good[8:] + body4, 'reject',
          'UNSUPPORTED_VERSION', 'format version %d.%d' % ver)
    W(M + 'magic_then_eof_v1.npy', MAGIC + b'\x01\x00', 'reject', 'TRUNCATED', 'v1.0 magic and nothing else')
    W(M + 'magic_then_eof_v2.npy', MAGIC + b'\x02\x00', 'reject', 'TRUNCATED', 'v2.0 magic and nothing else')
    W(M + 'truncated_header_len.npy', MAGIC + b'\x01\x00\x76', 'reject', 'TRUNCATED',
      'only 1 of 2 header-length bytes')
    W(M + 'truncated_header_len_v3.npy', MAGIC + b'\x03\x00\x76\x00\x00', 'reject', 'TRUNCATED',
      'only 3 of 4 header-length bytes')
    W(M + 'header_len_past_eof_v1.npy', MAGIC + b'\x01\x00' + struct.pack('<H', 65535) + good[10:60], 'reject',
      'TRUNCATED', 'HEADER_LEN 65535 but file ends early')
    W(M + 'header_len_past_eof_v2.npy', MAGIC + b'\x02\x00' + struct.pack('<I', 0xFFFFFFF0) + b'{"descr"',
      'reject', 'TRUNCATED', 'v2 HEADER_LEN 0xFFFFFFF0 in a tiny file: must not allocate 4 GiB up front')
    W(M + 'truncated_mid_header.npy', good[:40], 'reject', 'TRUNCATED', 'file cut inside the header text')
    empty = header_bytes({'descr': '<f8', 'fortran_order': False, 'shape': (0,)})
    W(M + 'empty_array_truncated_by_one.npy', empty[:-1], 'reject', 'TRUNCATED',
      "empty array's file minus one byte: the header's newline is missing (test_file_truncated)")
    W(M + 'header_len_zero.npy', MAGIC + b'\x01\x00\x00\x00' + body4, 'reject', 'HEADER_SYNTAX',
      'HEADER_LEN 0: empty header text')
    hl = struct.unpack('<H', good[8:10])[0]
    W(M + 'header_len_short_by_one.npy', good[:8] + struct.pack('<H', hl - 1) + good[10:] + body4, 'accept', '-',
      'HEADER_LEN one short: the final newline becomes the first data byte; undetectable')

    # --- data size ---
    W(M + 'data_short_by_one.npy', good + body4[:-1], 'reject', 'DATA_TRUNCATED', 'data one byte short')
    W(M + 'data_missing.npy', good, 'reject', 'DATA_TRUNCATED', 'header only, no data')
    W(M + 'data_short_2d.npy', h(hd('(3, 4)', "'<f8'"), bytes(88)), 'reject', 'DATA_TRUNCATED',
      'shape (3, 4) <f8 needs 96 bytes, file has 88')
    W(M + 'scalar_no_data.npy', h(hd('()'), b''), 'reject', 'DATA_TRUNCATED', '0-d array needs itemsize bytes')
    W(M + 'large_shape_small_file.npy', h(hd('(1000000000,)', "'<f8'"), bytes(64)), 'reject', 'DATA_TRUNCATED',
      '8 GB declared, 64 bytes present: reject before allocating')
    W(M + 'fortran_data_short.npy', h(hd('(2, 3)', "'<f4'", 'True'), bytes(20)), 'reject', 'DATA_TRUNCATED',
      'Fortran order, 4 bytes short')
    W(M + 'struct_data_short.npy', h(hd('(2,)', "[('a', '<i4'), ('b', '<f8', (2,))]"), bytes(39)), 'reject',
      'DATA_TRUNCATED', 'struct itemsize 20, two records need 40 bytes')

    # --- shape ---
    for name, shape, kind, note in [
        ('shape_neg_dim', '(-1,)', 'BAD_SHAPE', 'negative dimension'),
        ('shape_neg_dims_two', '(-1, -4)', 'BAD_SHAPE', 'two negative dimensions (product positive)'),
        ('shape_neg_dim_second', '(4, -1)', 'BAD_SHAPE', 'negative second dimension'),
        ('shape_dim_2pow63', '(9223372036854775808,)', 'BAD_SHAPE', 'dimension 2**63 does not fit int64'),
        ('shape_dim_1e20', '(100000000000000000000,)', 'BAD_SHAPE', 'dimension beyond int64'),
        ('shape_dim_huge_digits', '(%s,)' % ('9' * 60), 'BAD_SHAPE', '60-digit dimension'),
        ('shape_product_overflow_to_zero', '(4294967296, 4294967296)', 'SIZE_OVERFLOW',
         'product 2**64 wraps to 0 in int64 arithmetic'),
        ('shape_product_overflow_wrap', '(4294967297, 4294967297)', 'SIZE_OVERFLOW',
         'product wraps to 2**33+1 in int64'),
        ('shape_product_overflow_signed', '(4611686018427387904, 4)', 'SIZE_OVERFLOW',
         'product 2**64 > int64 max'),
        ('shape_product_overflow_three', '(2097152, 2097152, 2097152)', 'SIZE_OVERFLOW',
         'three dims of 2**21: product 2**63'),
        ('shape_bytes_overflow', '(2305843009213693952,)', 'SIZE_OVERFLOW',
         'count 2**61 fits int64 but count*itemsize(4) = 2**63 does not'),
        ('shape_zero_dim_product_overflow', '(1099511627776, 1099511627776, 0)', 'SIZE_OVERFLOW',
         'zero elements, but the non-zero dims overflow int64: NumPy refuses such arrays (np.empty too)'),
        ('shape_bool_dim', '(True,)', 'BAD_SHAPE', 'bool in shape (isinstance(True, int) passes NumPy)'),
        ('shape_bool_dim_false', '(2, False)', 'BAD_SHAPE', 'False in shape'),
        ('shape_float_dim', '(4.0,)', 'BAD_SHAPE', 'float in shape'),
        ('shape_str_dim', "('4',)", 'BAD_SHAPE', 'string in shape'),
        ('shape_none_dim', '(None,)', 'BAD_SHAPE', 'None in shape'),
        ('shape_none', 'None', 'BAD_SHAPE', 'shape is None'),
        ('shape_shape_list', '[4]', 'BAD_SHAPE', 'shape is a list, not a tuple'),
        ('shape_shape_int', '4', 'BAD_SHAPE', 'shape is an int'),
        ('shape_shape_paren_int', '(4)', 'BAD_SHAPE', '(4) is an int, not a 1-tuple'),
        ('shape_shape_nested', '((4,),)', 'BAD_SHAPE', 'nested tuple in shape'),
        ('shape_shape_leading_zero', '(04,)', 'HEADER_SYNTAX', 'leading zero: Python syntax error'),
        ('shape_shape_expr', '(2*2,)', 'HEADER_SYNTAX', 'arithmetic is not a literal'),
        ('shape_shape_lower_l', '(4l,)', 'HEADER_SYNTAX', "lower-case 'l' suffix is not stripped"),
    ]:
        W(M + name + '.npy', h(hd(shape)), 'reject', kind, note)
    W(M + 'shape_L_suffix_v3.npy', h(hd('(4L,)'), version=(3, 0)), 'reject', 'HEADER_SYNTAX',
      "the Python-2 'L' filter only applies to versions 1.0 and 2.0")

    # --- fortran_order ---
    for name, fo, kind in [('int0', '0', 'BAD_FORTRAN_ORDER'), ('int1', '1', 'BAD_FORTRAN_ORDER'),
                           ('str', "'False'", 'BAD_FORTRAN_ORDER'), ('none', 'None', 'BAD_FORTRAN_ORDER'),
                           ('tuple', '(False,)', 'BAD_FORTRAN_ORDER'),
                           ('lower_false', 'false', 'HEADER_SYNTAX')]:
        W(M + 'fortran_order_%s.npy' % name, h(hd(fo=fo)), 'reject', kind, 'fortran_order %s' % fo)

    # --- descr ---
    for name, descr, note in [
        ('descr_bad_size_i3', "'<i3'", 'no 3-byte int'), ('descr_unknown_x', "'x'", 'unknown type code'),
        ('descr_empty', "''", 'empty string'), ('descr_none', 'None', 'None'), ('descr_int', '5', 'an int'),
        ('descr_bytes', "b'<i4'", 'bytes, not str'), ('descr_trailing_space', "'<i4 '", 'trailing space'),
        ('descr_leading_space', "' <i4'", 'leading space'), ('descr_bad_time_unit', "'<M8[xx]'", 'bad time unit'),
        ('descr_negative_size', "'|S-1'", 'negative size'), ('descr_field_bad_type', "[('a', 'q7')]",
                                                               'bad field type'),
        ('descr_dup_field_names', "[('a', '<i2'), ('a', '<i2')]", 'duplicate field names'),
        ('descr_dup_name_title', "[(('a', 'b'), '<i2'), ('a', '<i2')]", 'title equal to another name'),
        ('descr_bytes_field_name', "[(b'a', '<i4')]", 'bytes field name'),
        ('descr_int_field_name', "[(1, '<i4')]", 'int field name'),
        ('descr_field_one_elem', "[('a',)]", 'field tuple of 1 item'),
        ('descr_field_four_elems', "[('a', '<i4', (2,), 1)]", 'field tuple of 4 items'),
        ('descr_dict_descr', "{'names': ['a'], 'formats': ['<i4']}", 'dict descr is not supported'),
        ('descr_metadata_dict_legacy', "[('a', '<i4'), ('b', ('|S3', {'some': 'stuff'}))]",
         'legacy (descr, metadata) tuple as NumPy 1.18-2.1 could write it'),
        ('descr_subarray_toplevel', "('<i2', (2,))", 'top-level subarray descr (NumPy never writes it)'),
        ('descr_field_neg_subshape', "[('a', '<i4', (-1,))]", 'negative subarray dimension'),
        ('descr_list_of_str', "['<i4']", 'list entry is not a tuple'),
    ]:
        W(M + name + '.npy', h(hd(descr=descr)), 'reject', 'BAD_DESCR', note)

    # --- dict / keys ---
    for name, text, kind, note in [
        ('header_missing_descr', "{'fortran_order': False, 'shape': (4,), }", 'HEADER_KEYS', 'no descr'),
        ('header_missing_fortran_order', "{'descr': '<i4', 'shape': (4,), }", 'HEADER_KEYS', 'no fortran_order'),
        ('header_missing_shape', "{'descr': '<i4', 'fortran_order': False, }", 'HEADER_KEYS', 'no shape'),
        ('header_extra_key', hd()[:-1] + "'extrakey': 1, }", 'HEADER_KEYS', 'extra key'),
        ('header_key_wrong_case', "{'Descr': '<i4', 'fortran_order': False, 'shape': (4,), }", 'HEADER_KEYS',
         'Descr'),
        ('header_empty_dict', '{}', 'HEADER_KEYS', 'empty dict'),
        ('header_key_bytes', "{b'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", 'HEADER_KEYS',
         'bytes key'),
        ('header_list_not_dict', "[('descr', '<i4'), ('fortran_order', False), ('shape', (4,))]",
         'HEADER_NOT_DICT', 'a list'),
        ('header_tuple_not_dict', "('<i4', False, (4,))", 'HEADER_NOT_DICT', 'a tuple'),
        ('header_string_not_dict', "'descr'", 'HEADER_NOT_DICT', 'a string'),
        ('header_int_not_dict', '42', 'HEADER_NOT_DICT', 'an int'),
        ('header_set_not_dict', "{'descr', 'fortran_order', 'shape'}", 'HEADER_NOT_DICT', 'a set literal'),
        ('header_dict_call', "dict(descr='<i4', fortran_order=False, shape=(4,))", 'HEADER_SYNTAX',
         'dict(...) call'),
        ('header_unquoted_key', "{descr: '<i4', 'fortran_order': False, 'shape': (4,), }", 'HEADER_SYNTAX',
         'bare name as key'),
        ('header_json_style', '{"descr": "<i4", "fortran_order": false, "shape": [4]}', 'HEADER_SYNTAX',
         'JSON (false is a bare name)'),
        ('header_conditional', "{'descr': '<i4', 'fortran_order': False if 1 else True, 'shape': (4,), }",
         'HEADER_SYNTAX', 'conditional expression'),
        ('header_dict_unpacking', "{'descr': '<i4', 'fortran_order': False, 'shape': (4,), **{}}",
         'HEADER_SYNTAX', '**{} unpacking'),
        ('header_unbalanced_open', "{'descr': '<i4', 'fortran_order': False, 'shape': (4,), ", 'HEADER_SYNTAX',
         'missing closing brace'),
        ('header_unbalanced_close', "{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }}", 'HEADER_SYNTAX',
         'extra closing brace'),
        ('header_unbalanced_paren', "{'descr': '<i4', 'fortran_order': False, 'shape': (4,, }", 'HEADER_SYNTAX',
         'unclosed tuple'),
        ('header_trailing_garbage', hd() + ' {}', 'HEADER_SYNTAX', 'a second dict after the first'),
        ('header_trailing_text', hd() + ' x', 'HEADER_SYNTAX', 'a bare word after the dict'),
        ('header_semicolon', hd() + '; 1', 'HEADER_SYNTAX', 'statement separator'),
        ('header_double_comma', "{'descr': '<i4',, 'fortran_order': False, 'shape': (4,), }", 'HEADER_SYNTAX',
         ',,'),
        ('header_unterminated_string', "{'descr': '<i4, 'fortran_order': False, 'shape': (4,), }",
         'HEADER_SYNTAX', 'unterminated string'),
        ('header_all_spaces', ' ' * 20, 'HEADER_SYNTAX', 'only spaces'),
        ('header_lambda', "{'descr': '<i4', 'fortran_order': False, 'shape': (lambda: 4)(), }", 'HEADER_SYNTAX',
         'lambda call'),
        ('header_walrus_name', "{'descr': dtype, 'fortran_order': False, 'shape': (4,), }", 'HEADER_SYNTAX',
         'bare name as value'),
    ]:
        W(M + name + '.npy', h(text), 'reject', kind, note)
    # NUL padding instead of spaces (some C writers zero-fill).
    t = hd().encode('latin1')
    W(M + 'header_nul_padding.npy',
      MAGIC + b'\x01\x00' + struct.pack('<H', 118) + t + b'\x00' * (117 - len(t)) + b'\n' + body4,
      'reject', 'HEADER_SYNTAX', 'NUL padding instead of spaces')
    W(M + 'header_latin1_outside_string.npy', h(hd().replace('}', '\u00e9}')), 'reject', 'HEADER_SYNTAX',
      'latin-1 byte 0xE9 outside any string')
    W(M + 'header_invalid_utf8_v3.npy',
      wrap(b"{'descr': [('a\xff\xfe', '<i4')], 'fortran_order': False, 'shape': (4,), }", (3, 0)) + body4,
      'reject', 'HEADER_ENCODING', 'v3 header with bytes FF FE (not UTF-8)')
    W(M + 'header_utf8_surrogate_v3.npy',
      wrap(b"{'descr': [('a\xed\xa0\x80', '<i4')], 'fortran_order': False, 'shape': (4,), }", (3, 0)) + body4,
      'reject', 'HEADER_ENCODING', 'v3 header with an encoded surrogate ED A0 80 (invalid UTF-8)')
    W(M + 'header_utf8_overlong_v3.npy',
      wrap(b"{'descr': [('a\xc1\xa1', '<i4')], 'fortran_order': False, 'shape': (4,), }", (3, 0)) + body4,
      'reject', 'HEADER_ENCODING', "v3 header with overlong encoding C1 A1 of 'a'")
    W(M + 'header_utf8_cut_v3.npy',
      wrap(b"{'descr': [('\xe6\x95', '<i4')], 'fortran_order': False, 'shape': (4,), }", (3, 0)) + body4,
      'reject', 'HEADER_ENCODING', 'v3 header with a cut multi-byte sequence')


def gen_npz():
    Z = 'npz/valid/'
    x, y = np.arange(6, dtype='<i4').reshape(2, 3), np.linspace(0, 1, 5)
    with open(out_path(Z + 'savez_small.npz'), 'wb') as f:
        np.savez(f, x=x, y=y)
    plan(Z + 'savez_small.npz', 'reject', 'BAD_MAGIC',
         'npz (zip, STORED) with x <i4 (2,3) and y <f8 (5,); not an .npy: Npy.readHeader sees PK')
    with open(out_path(Z + 'savez_compressed_small.npz'), 'wb') as f:
        np.savez_compressed(f, x=x, y=y, s=np.array(['a', 'bc']))
    plan(Z + 'savez_compressed_small.npz', 'reject', 'BAD_MAGIC',
         'npz (zip, DEFLATED) with x, y, s <U2 (2,); not an .npy: Npy.readHeader sees PK')


# ----------------------------------------------------------------------------------------------
# measuring NumPy's verdicts and writing the manifest
# ----------------------------------------------------------------------------------------------

def err(e):
    msg = '%s: %s' % (type(e).__name__, e)
    msg = ' '.join(msg.replace('\t', ' ').replace('\r', ' ').split('\n'))
    msg = msg[:100]
    # object addresses in messages (e.g. "<ast.BinOp object at 0x7f...>") would make runs differ
    import re
    return re.sub(r' at 0x[0-9a-f]+', ' at 0x...', msg)


def numpy_load_verdict(path):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        try:
            r = np.load(path)
            if isinstance(r, np.lib.npyio.NpzFile):
                with r:
                    for k in r.files:
                        r[k]
            return 'ok'
        except Exception as e:  # noqa: BLE001 - any failure is a verdict
            return err(e)


def numpy_header(path):
    """NumPy's own header parse with no size limit: (version, shape, fortran, dtype, offset) or None."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        try:
            with open(path, 'rb') as fp:
                version = fmt.read_magic(fp)
                fmt._check_version(version)
                shape, fo, dtype = fmt._read_array_header(fp, version, max_header_size=2**64)
                return version, shape, fo, dtype, fp.tell()
        except Exception:
            return None


def measure(rel):
    expect, kind, note = PLAN[rel]
    path = out_path(rel)
    size = os.path.getsize(path)
    verdict = numpy_load_verdict(path)
    if verdict.startswith('ValueError: Header info length'):
        # Only NumPy's max_header_size (10000 chars) refuses it; say whether the data then loads.
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            try:
                np.load(path, max_header_size=2**64)
                note += '; np.load ok with max_header_size raised'
            except Exception as e:  # noqa: BLE001
                note += '; with max_header_size raised: ' + err(e)
    row = dict(path=rel, expect=expect, kind=kind, numpy=verdict, note=note)
    for c in COLUMNS[3:11]:
        row[c] = '-'
    parsed = None if rel.endswith('.npz') else numpy_header(path)
    if kind in ('-', 'DATA_TRUNCATED'):
        # Our policy says the header is fine: NumPy must agree and the header columns are filled.
        assert parsed is not None, ('policy accepts a header NumPy rejects', rel)
        version, shape, fo, dtype, offset = parsed
        assert all(type(d) is int and 0 <= d <= INT64_MAX for d in shape), rel
        count = math.prod(shape)
        nbytes = -1 if dtype.hasobject else count * dtype.itemsize
        assert nbytes <= INT64_MAX, rel
        with open(path, 'rb') as f:
            head = f.read(12)
        hl = struct.unpack('<H', head[8:10])[0] if version == (1, 0) else struct.unpack('<I', head[8:12])[0]
        assert offset == 8 + (2 if version == (1, 0) else 4) + hl, rel
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            descr = fmt.dtype_to_descr(dtype)
        short = nbytes >= 0 and size < offset + nbytes
        assert short == (kind == 'DATA_TRUNCATED'), ('data length disagrees with policy', rel, size, offset, nbytes)
        row.update(version='%d.%d' % version, descr=repr(descr), shape=repr(tuple(shape)), fortran_order=repr(fo),
                   header_len=str(hl), data_offset=str(offset), itemsize=str(dtype.itemsize), nbytes=str(nbytes))
    elif kind in ('BAD_MAGIC', 'TRUNCATED', 'UNSUPPORTED_VERSION', 'HEADER_ENCODING', 'HEADER_SYNTAX',
                  'HEADER_NOT_DICT', 'HEADER_KEYS', 'BAD_FORTRAN_ORDER') or rel.endswith('.npz'):
        assert parsed is None, ('NumPy parses a header the policy rejects as %s' % kind, rel)
    elif kind == 'BAD_DESCR':
        # NumPy agrees except for the top-level subarray, which it turns into a void dtype.
        assert parsed is None or 'subarray' in rel, rel
    # BAD_SHAPE / SIZE_OVERFLOW: NumPy's header check passes some of these (negative, bool, huge dims)
    # and only np.load fails; the numpy column shows how.
    for c in COLUMNS:
        v = row[c]
        assert '\t' not in v and '\n' not in v and '\r' not in v, (rel, c, v)
    return row


def main():
    for sub in ('npy', 'npz'):
        shutil.rmtree(os.path.join(CORPUS, sub), ignore_errors=True)
    gen_valid_scalars()
    gen_valid_datetime()
    gen_valid_layout()
    gen_valid_struct()
    gen_valid_header()
    gen_valid_memmap()
    gen_valid_object()
    gen_valid_legacy()
    gen_header_only()
    gen_vectors()
    gen_malformed()
    gen_npz()
    # every file on disk must be planned, and vice versa
    on_disk = set()
    for dirpath, _, files in os.walk(CORPUS):
        for fn in files:
            rel = os.path.relpath(os.path.join(dirpath, fn), CORPUS).replace(os.sep, '/')
            if rel not in ('manifest.tsv', 'README.md'):
                on_disk.add(rel)
    assert on_disk == set(PLAN), on_disk ^ set(PLAN)
    rows = [measure(rel) for rel in sorted(PLAN)]
    with open(os.path.join(CORPUS, 'manifest.tsv'), 'w', encoding='utf-8', newline='\n') as f:
        f.write('\t'.join(COLUMNS) + '\n')
        for r in rows:
            f.write('\t'.join(r[c] for c in COLUMNS) + '\n')
    total = sum(os.path.getsize(out_path(r)) for r in PLAN)
    counts = {}
    for r in rows:
        counts[(r['expect'], r['kind'])] = counts.get((r['expect'], r['kind']), 0) + 1
    print('%d files, %d bytes' % (len(rows), total))
    for k in sorted(counts):
        print('  %-7s %-20s %d' % (k[0], k[1], counts[k]))


if __name__ == '__main__':
    if os.environ.get('PYTHONHASHSEED') != '0':
        # set reprs (one malformed header is a set) must print in a fixed order: rerun with fixed str hashing
        os.environ['PYTHONHASHSEED'] = '0'
        os.execv(sys.executable, [sys.executable] + sys.argv)
    sys.exit(main())

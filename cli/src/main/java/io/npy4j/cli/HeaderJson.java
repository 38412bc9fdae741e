package io.npy4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.ScalarType;
import io.npy4j.literal.PyValue;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;

/** Writes a header as one JSON object with jackson's streaming generator. */
final class HeaderJson {
    private HeaderJson() {
    }

    static void write(JsonGenerator g, String path, NpyHeader h) throws IOException {
        g.writeStartObject();
        g.writeStringField("path", path);
        fields(g, h);
        g.writeEndObject();
    }

    /** The header's keys, inside an object the caller opened. */
    static void fields(JsonGenerator g, NpyHeader h) throws IOException {
        g.writeStringField("version", h.version().toString());
        g.writeFieldName("descr");
        if (h.dtype() instanceof ScalarType) {
            g.writeString(((ScalarType) h.dtype()).typeString());
        } else {
            value(g, h.dtype().descrValue()); // the descr list, tuples as arrays
        }
        g.writeFieldName("shape");
        g.writeStartArray();
        for (long d : h.shape().toArray()) {
            g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeBooleanField("fortran_order", h.fortranOrder());
        g.writeNumberField("header_len", h.headerLength());
        g.writeNumberField("data_offset", h.dataOffset());
        g.writeNumberField("itemsize", h.itemSize());
        g.writeNumberField("count", h.elementCount());
        if (h.dataLength() >= 0) {
            g.writeNumberField("nbytes", h.dataLength());
        } else {
            g.writeNullField("nbytes"); // object dtype: a pickle of unknown length
        }
        g.writeStringField("dtype", h.dtype().readable());
    }

    /** A Python literal as JSON: tuples and lists become arrays, None null, dict keys their repr unless str. */
    static void value(JsonGenerator g, PyValue v) throws IOException {
        if (v instanceof PyValue.Str) {
            g.writeString(((PyValue.Str) v).value());
        } else if (v instanceof PyValue.Int) {
            BigInteger b = ((PyValue.Int) v).value();
            g.writeNumber(b);
        } else if (v instanceof PyValue.Bool) {
            g.writeBoolean(((PyValue.Bool) v).value());
        } else if (v instanceof PyValue.None) {
            g.writeNull();
        } else if (v instanceof PyValue.Tuple || v instanceof PyValue.PyList || v instanceof PyValue.PySet) {
            g.writeStartArray();
            for (PyValue item : v instanceof PyValue.Tuple ? ((PyValue.Tuple) v).items()
                    : v instanceof PyValue.PyList ? ((PyValue.PyList) v).items() : ((PyValue.PySet) v).items()) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof PyValue.Dict) {
            g.writeStartObject();
            for (Map.Entry<PyValue, PyValue> e : ((PyValue.Dict) v).entries().entrySet()) {
                g.writeFieldName(e.getKey() instanceof PyValue.Str ? ((PyValue.Str) e.getKey()).value()
                        : e.getKey().repr());
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeString(v.repr()); // bytes, float, complex: as Python prints them
        }
    }
}

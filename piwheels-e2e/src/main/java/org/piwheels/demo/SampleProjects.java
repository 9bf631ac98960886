package org.piwheels.demo;

import java.util.List;
import org.piwheels.testing.Sdist;
import org.piwheels.testing.SdistBuilder;

/**
 * The sdists the offline farm offers, built on the fly: two pure-Python projects
 * (one depending on the other) and one with a C extension linking the system's zlib,
 * whose wheel therefore depends on Debian's {@code zlib1g}.
 */
public final class SampleProjects {
    /** The C extension's module; {@code zcrc.crc32(b"...")} calls zlib. */
    static final String ZCRC_C = String.join("\n",
            "#define PY_SSIZE_T_CLEAN",
            "#include <Python.h>",
            "#include <zlib.h>",
            "",
            "static PyObject *zcrc_crc32(PyObject *self, PyObject *args) {",
            "    Py_buffer data;",
            "    if (!PyArg_ParseTuple(args, \"y*\", &data)) {",
            "        return NULL;",
            "    }",
            "    uLong crc = crc32(0L, (const Bytef *) data.buf, (uInt) data.len);",
            "    PyBuffer_Release(&data);",
            "    return PyLong_FromUnsignedLong(crc);",
            "}",
            "",
            "static PyMethodDef methods[] = {",
            "    {\"crc32\", zcrc_crc32, METH_VARARGS, \"The CRC-32 of a bytes-like object, computed by zlib.\"},",
            "    {NULL, NULL, 0, NULL}",
            "};",
            "",
            "static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, \"_zcrc\", NULL, -1, methods};",
            "",
            "PyMODINIT_FUNC PyInit__zcrc(void) {",
            "    return PyModule_Create(&module);",
            "}",
            "");

    private SampleProjects() {
    }

    /** {@code hello-piwheels 1.0}: module {@code hello_piwheels}. */
    public static SdistBuilder hello() {
        return SdistBuilder.sdist("hello-piwheels", "1.0").summary("Says hello from a piwheels farm");
    }

    /** {@code tiny-calc 0.2}: module {@code tiny_calc}, requires hello-piwheels and Python 3.7. */
    public static SdistBuilder tinyCalc() {
        return SdistBuilder.sdist("tiny-calc", "0.2").summary("Adds two numbers").requires("hello-piwheels")
                .pythonRequires(">=3.7");
    }

    /**
     * {@code zcrc 1.0}: module {@code zcrc} re-exporting {@code crc32} from the C extension
     * {@code _zcrc}, linked with {@code -lz}. Building it needs a C compiler, Python's
     * headers and zlib's (Debian: build-essential, python3-dev, zlib1g-dev).
     */
    public static SdistBuilder zcrc() {
        return SdistBuilder.sdist("zcrc", "1.0").summary("CRC-32 through the system's zlib")
                .cExtension("_zcrc", ZCRC_C, "z")
                .file("zcrc.py", "\"\"\"CRC-32 through the system's zlib.\"\"\"\nfrom _zcrc import crc32\n__version__ = '1.0'\n");
    }

    /** The pure-Python samples, which build anywhere pip does (the demo's default). */
    public static List<Sdist> pure() {
        return List.of(hello().build(), tinyCalc().build());
    }
}

"""Draw an SVG chart as PNG with the system's librsvg and cairo (already there: WeasyPrint's Pango pulls them in).

No Python package draws SVG in this environment (WeasyPrint only reads SVG into PDF, cairosvg is not installed),
so this calls the two C libraries through ctypes. ``svg_to_png`` returns None when they cannot be loaded or the
markup cannot be drawn; callers then show the chart's numbers as a table instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging

logger = logging.getLogger(__name__)

_CAIRO_FORMAT_ARGB32 = 0
_WRITE_FUNC = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_ubyte), ctypes.c_uint)


class _Dimensions(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("em", ctypes.c_double), ("ex", ctypes.c_double)]


@functools.cache
def _libraries():
    names = {"rsvg": "rsvg-2", "cairo": "cairo", "gobject": "gobject-2.0"}
    libs = {}
    for key, name in names.items():
        path = ctypes.util.find_library(name)
        if path is None:
            return None
        libs[key] = ctypes.CDLL(path)
    rsvg, cairo, gobject = libs["rsvg"], libs["cairo"], libs["gobject"]
    rsvg.rsvg_handle_new_from_data.restype = ctypes.c_void_p
    rsvg.rsvg_handle_new_from_data.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p)]
    rsvg.rsvg_handle_get_dimensions.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Dimensions)]
    rsvg.rsvg_handle_render_cairo.restype = ctypes.c_int
    rsvg.rsvg_handle_render_cairo.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    cairo.cairo_image_surface_create.restype = ctypes.c_void_p
    cairo.cairo_image_surface_create.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    cairo.cairo_create.restype = ctypes.c_void_p
    cairo.cairo_create.argtypes = [ctypes.c_void_p]
    cairo.cairo_scale.argtypes = [ctypes.c_void_p, ctypes.c_double, ctypes.c_double]
    cairo.cairo_set_source_rgb.argtypes = [ctypes.c_void_p, ctypes.c_double, ctypes.c_double, ctypes.c_double]
    cairo.cairo_paint.argtypes = [ctypes.c_void_p]
    cairo.cairo_surface_write_to_png_stream.restype = ctypes.c_int
    cairo.cairo_surface_write_to_png_stream.argtypes = [ctypes.c_void_p, _WRITE_FUNC, ctypes.c_void_p]
    cairo.cairo_destroy.argtypes = [ctypes.c_void_p]
    cairo.cairo_surface_destroy.argtypes = [ctypes.c_void_p]
    gobject.g_object_unref.argtypes = [ctypes.c_void_p]
    return rsvg, cairo, gobject


def svg_to_png(svg: str, *, scale: float = 2.0) -> bytes | None:
    """The PNG of ``svg`` on a white background, ``scale`` times its own size; None if it cannot be drawn."""
    libs = _libraries()
    if libs is None:
        return None
    rsvg, cairo, gobject = libs
    data = svg.encode("utf-8")
    error = ctypes.c_void_p()
    handle = rsvg.rsvg_handle_new_from_data(data, len(data), ctypes.byref(error))
    if not handle:
        logger.warning("librsvg could not read a chart")
        return None
    try:
        size = _Dimensions()
        rsvg.rsvg_handle_get_dimensions(handle, ctypes.byref(size))
        if size.width <= 0 or size.height <= 0:
            return None
        surface = cairo.cairo_image_surface_create(
            _CAIRO_FORMAT_ARGB32, int(size.width * scale), int(size.height * scale)
        )
        cr = cairo.cairo_create(surface)
        try:
            cairo.cairo_set_source_rgb(cr, 1.0, 1.0, 1.0)
            cairo.cairo_paint(cr)
            cairo.cairo_scale(cr, scale, scale)
            if not rsvg.rsvg_handle_render_cairo(handle, cr):
                return None
            chunks: list[bytes] = []

            def write(_closure, buffer, length):
                chunks.append(ctypes.string_at(buffer, length))
                return 0  # CAIRO_STATUS_SUCCESS

            if cairo.cairo_surface_write_to_png_stream(surface, _WRITE_FUNC(write), None) != 0:
                return None
            return b"".join(chunks)
        finally:
            cairo.cairo_destroy(cr)
            cairo.cairo_surface_destroy(surface)
    finally:
        gobject.g_object_unref(handle)

#!/usr/bin/env python3
"""Writes the small example files README.md uses. Deterministic: rerunning gives identical bytes."""
import os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
# daily temperatures of 3 stations over one year, Fortran order to show the order field
temps = np.asfortranarray(np.round(rng.normal(12.0, 8.0, size=(365, 3)), 1))
np.save(os.path.join(here, "temperatures.npy"), temps)
# a structured record array
rec = np.zeros(4, dtype=[("station", "S8"), ("lat", "<f8"), ("lon", "<f8"), ("samples", "<i4", (2,))])
rec["station"] = [b"north", b"south", b"east", b"west"]
rec["lat"] = [59.3, 41.9, 52.5, 48.9]
rec["lon"] = [18.1, 12.5, 13.4, 2.35]
rec["samples"] = [[1, 2], [3, 4], [5, 6], [7, 8]]
np.save(os.path.join(here, "stations.npy"), rec)
# a 4x5x6 int16 cube for slicing examples
np.save(os.path.join(here, "cube.npy"), np.arange(120, dtype="<i2").reshape(4, 5, 6))
# a smooth 2-D field with a few NaNs (a hole in the data), for pictures: npy png examples/field.npy -o field.png
y, x = np.mgrid[0:96, 0:160].astype(np.float32)
field = (np.sin(x / 14.0) * np.cos(y / 11.0) + 0.002 * (x - 80)).astype("<f4")
field[40:48, 100:112] = np.nan
np.save(os.path.join(here, "field.npy"), field)

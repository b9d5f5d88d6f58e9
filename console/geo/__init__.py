"""Geodesy and tiles without Qt: datums (WGS-84, GCJ-02, BD-09), Web Mercator tile maths, MBTiles,
tile sources and the Qt-free part of the generated demo basemap."""

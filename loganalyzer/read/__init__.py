"""Reading: the paths a user names -> sources of bytes and lines.

In: files, directories, archives, compressed streams, stdin. Out: one ``Source`` per log,
read in bounded blocks (``sources``), and the polars line scan over them (``lines``).
"""

"""Controller line formats: zap console and JSON, klog, logfmt, as ``LineFormat`` descriptions.

In: nothing. Out: the regex and field layout the polars scan reads each format with.
"""

"""The built-in pattern packs, shipped in the wheel as the package data of ``loganalyzer.packs``."""

"""Test-log parsers: Ginkgo console output, its JSON and JUnit reports, ``go test -json``.

In: a file's bytes and its zone. Out: a ``TestLog`` of specs, attempts and dated lines.
"""

"""Plugin modules for the CLI tests (``coprod assess -p iotest_plugins.NAME``).

Not collected by pytest (no ``test_`` prefix); the tests put ``tests/io`` on
``sys.path`` (or ``PYTHONPATH``) so that ``-p`` can import them by dotted path.
"""

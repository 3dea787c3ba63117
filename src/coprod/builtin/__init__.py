"""coprod's built-in plugins.

Each module here is a plugin registered through the same hooks a third-party
plugin uses (see :data:`coprod.plugins.BUILTIN_PLUGINS`); block one by name with
``make_plugin_manager(blocked=[...])`` to replace it.
"""

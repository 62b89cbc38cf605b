"""Built-in policy files (``*.toml``), read with importlib.resources by :func:`lokus.loci.load_policy`."""

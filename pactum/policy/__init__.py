"""Policy as code: the YAML format, its validation, versions and differences."""

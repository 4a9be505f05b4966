"""Tools for the people who keep the sources: coverage statistics and reviewed link proposals."""

pytest_plugins = ["graph_fixtures"]

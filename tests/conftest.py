pytest_plugins = ["graph_fixtures", "wikidata_fixture", "browser"]

"""Where a built graph lives: the embedded pyoxigraph store (`local`) or any SPARQL 1.1 endpoint (`remote`)."""

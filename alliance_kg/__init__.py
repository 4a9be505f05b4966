"""alliance-kg: a knowledge graph of the U.S.–Japan alliance, built from source texts with their evidence.

The rooms, in the order data flows through them: `ontology` (the vocabulary), `loaders` (source texts and
annotations → checked quads), `store` (where a built graph lives: the embedded store or a SPARQL endpoint),
`queries` (the catalogue of competency questions), `curation` (tools for the people who keep the sources) and
`server` (the SPARQL service). `seeds` is the sources folder; `cli` is the `alliance-kg` command.
"""

__version__ = "0.2.0"

"""What can go wrong when a store is asked a question: shared by the embedded and the remote store."""


class QueryTimeout(Exception):
    """The query ran longer than the limit; it has been stopped."""


class BackendUnavailable(Exception):
    """The SPARQL endpoint could not be reached, or failed on its side (5xx); the message says which."""

"""The sources folder: the texts, their metadata, the annotations, the entity registry and the reviewed links."""

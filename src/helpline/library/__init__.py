"""The article store: reading and writing articles, sections, aliases and embeddings."""

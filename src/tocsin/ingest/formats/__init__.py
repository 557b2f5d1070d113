"""One module per input format; each reader yields (article, content id) or a record-level InputError."""

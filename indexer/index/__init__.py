"""The index on disk: schema, generations, writing segments, Whoosh's internals."""

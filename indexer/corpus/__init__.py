"""Reading the corpus: files → Documents (formats, layout passes, metadata, references)."""

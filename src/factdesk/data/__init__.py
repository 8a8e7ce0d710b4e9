"""Reading and checking a publication's files: strict YAML, fields, records, the model, the loader and its checks."""

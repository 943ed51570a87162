"""The graph: RDF assembly with evidence; store, query, export, analysis and rendering."""

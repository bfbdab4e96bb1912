"""Reports: one typed report model, then a pure renderer per format."""

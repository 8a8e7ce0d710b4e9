"""Writing outputs safely: one command at a time, files renamed into place, the site folder replaced whole."""

"""The site: pages, their heads, share images, search, the theme the hook adds, the preview, and `factdesk render`."""

"""The languages factdesk writes in: the words of its interface (headings, labels, messages on pages,
the PDF edition's furniture, share images, the feed) from gettext catalogs, one per language in
`locales/`, and dates and language names from Babel's locale data."""

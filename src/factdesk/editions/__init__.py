"""The editions for reading offline: the PDF edition (print HTML, typesetting, binding) and the offline edition's zip."""

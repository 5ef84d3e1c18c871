"""The web faces: the public privacy center and (later) the staff console, rendered on the server."""

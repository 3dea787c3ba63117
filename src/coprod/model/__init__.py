"""The pure domain core of the Co-Production Star (see ``docs/concepts.md``)."""

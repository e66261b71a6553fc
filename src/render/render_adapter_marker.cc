// Keeps the drawing adapter library non-empty while it has no other source; removed once it has.

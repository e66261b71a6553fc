// Keeps the I/O adapter library non-empty while it has no other source; removed once it has.

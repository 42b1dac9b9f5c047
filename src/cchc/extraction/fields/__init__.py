"""Field parsers: each turns the text of one kind of cell or sentence into values."""

"""Tables of any binary document (PDF, Word, spreadsheet) read into items; see model.py."""

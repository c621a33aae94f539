"""Layout for scanned lists: page images with no text layer, read by OCR (see `ocr`)."""

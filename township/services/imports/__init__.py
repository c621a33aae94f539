"""The import service: writes a parsed list as a version, in one transaction, with its report.

`importers` turns a file into records and never touches the database; everything here does.
`import_list` and the admin upload call `import_files`/`import_upload`; an approved adjustment
calls `adjusted_version_import` (adjusted.py), which writes through the same `dutylist_import`.
"""

"""The import service: writes a parsed list as a version, in one transaction, with its report.

`importers` turns a file into records and never touches the database; everything here does.
`import_list`, the admin upload and (later) adjustments all call `import_files`/`import_upload`.
"""

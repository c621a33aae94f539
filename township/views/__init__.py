"""The portal's views: browsing pages and the search page."""

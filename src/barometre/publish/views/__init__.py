"""The dashboard's pages: national picture, profiles, themes, comparison, method, open data."""

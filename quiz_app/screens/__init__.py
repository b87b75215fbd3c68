"""The app's pages, grouped by audience; each folder holds its pages and the parts only they use."""

"""Reading the web: URL canonical forms and safety, polite fetching, feed and sitemap discovery, pages."""
